package org.threadlab.kernel;

import static java.util.Map.entry;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.spi.ToolProvider;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.threadlab.ThreadLab;

/**
 * The packages of the kernel and the extension depend on each other one way only, read from the
 * compiled classes by the JDK's own {@code jdeps}: no cycle, and no edge this table does not list.
 */
class PackageGraphTest {
    /** Package (after {@code org.threadlab.}, "" for the root) → the packages it may use. Top to bottom. */
    static final Map<String, Set<String>> ALLOWED = Map.ofEntries(
            entry("kernel.grading", Set.of("kernel", "", "grade", "jupyter", "json", "diagnosis")),
            entry("kernel", Set.of("", "diagnosis", "args", "jupyter")), // jupyter: StartsInBackground
            entry("jupyter", Set.of("", "bench", "chart", "grade", "patterns", "record", "server", "args", "json", "text")),
            entry("", Set.of("bench", "grade", "record")),
            entry("chart", Set.of("bench", "record", "text")),
            entry("grade", Set.of("record", "diagnosis", "args", "json", "text")),
            entry("patterns", Set.of("server", "text")),
            entry("bench", Set.of("args", "text")),
            entry("record", Set.of("json", "text")),
            entry("server", Set.of("text")),
            entry("diagnosis", Set.of()),
            entry("args", Set.of()),
            entry("json", Set.of()),
            entry("text", Set.of()));

    private static Map<String, Set<String>> graph;

    @BeforeAll
    static void readClasses() throws URISyntaxException {
        graph = read(classesOf(ThreadLabKernel.class), classesOf(ThreadLab.class));
    }

    @Test
    void jdepsSeesTheEdgesThatExist() {
        // a parse that found nothing would pass every other test here
        assertTrue(graph.getOrDefault("jupyter", Set.of()).contains("record"), graph.toString());
        assertTrue(graph.getOrDefault("grade", Set.of()).contains("diagnosis"), graph.toString());
    }

    @Test
    void everyEdgeIsOneTheTableAllows() {
        List<String> forbidden = new ArrayList<>();
        graph.forEach((from, tos) -> tos.stream()
                .filter(to -> !ALLOWED.getOrDefault(from, Set.of()).contains(to))
                .forEach(to -> forbidden.add(name(from) + " -> " + name(to))));
        assertEquals(List.of(), forbidden, "edges the table does not allow (add a package to the table, or turn the edge around)");
    }

    @Test
    void thePackagesFormNoCycle() {
        assertEquals(List.of(), cycle(graph), "a cycle of package dependencies");
        assertEquals(List.of(), cycle(ALLOWED), "the table itself allows a cycle");
    }

    @Test
    void aCycleIsFoundAndNamed() {
        Map<String, Set<String>> g = Map.of("jupyter", Set.of("grade"), "grade", Set.of("json"), "json", Set.of("grade"));
        assertEquals(List.of("grade", "json", "grade"), cycle(g));
    }

    /** The first cycle found, as the packages along it with the first repeated at the end; empty when there is none. */
    static List<String> cycle(Map<String, Set<String>> g) {
        Set<String> done = new TreeSet<>();
        for (String start : new TreeSet<>(g.keySet())) {
            List<String> found = cycleFrom(start, g, new ArrayList<>(), done);
            if (!found.isEmpty()) {
                return found;
            }
        }
        return List.of();
    }

    private static List<String> cycleFrom(String at, Map<String, Set<String>> g, List<String> path, Set<String> done) {
        int i = path.indexOf(at);
        if (i >= 0) {
            List<String> c = new ArrayList<>(path.subList(i, path.size()));
            c.add(at);
            return c;
        }
        if (done.contains(at)) {
            return List.of();
        }
        path.add(at);
        for (String next : new TreeSet<>(g.getOrDefault(at, Set.of()))) {
            List<String> found = cycleFrom(next, g, path, done);
            if (!found.isEmpty()) {
                return found;
            }
        }
        path.remove(path.size() - 1);
        done.add(at);
        return List.of();
    }

    /** Package → packages it uses, both within org.threadlab, from {@code jdeps -verbose:package}. */
    private static Map<String, Set<String>> read(Path... classes) {
        ToolProvider jdeps = ToolProvider.findFirst("jdeps").orElseThrow(() -> new AssertionError("this JDK has no jdeps"));
        StringWriter out = new StringWriter();
        List<String> args = new ArrayList<>(List.of("-verbose:package", "-e", "org\\.threadlab(\\..*)?"));
        for (Path p : classes) {
            args.add(p.toString());
        }
        int exit = jdeps.run(new PrintWriter(out), new PrintWriter(out), args.toArray(String[]::new));
        assertEquals(0, exit, out.toString());
        Map<String, Set<String>> g = new TreeMap<>();
        Matcher m = Pattern.compile("(?m)^\\s+(org\\.threadlab\\S*)\\s+->\\s+(org\\.threadlab\\S*)\\s").matcher(out.toString());
        while (m.find()) {
            g.computeIfAbsent(shortName(m.group(1)), k -> new TreeSet<>()).add(shortName(m.group(2)));
        }
        return g;
    }

    private static Path classesOf(Class<?> c) throws URISyntaxException {
        return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    private static String shortName(String pkg) {
        return pkg.equals("org.threadlab") ? "" : pkg.substring("org.threadlab.".length());
    }

    private static String name(String shortName) {
        return shortName.isEmpty() ? "org.threadlab" : shortName;
    }
}
