package org.threadlab.grade;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.threadlab.args.Args;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The source of a {@code %%junit} cell: either test classes, or bare test methods that get
 * wrapped into a class named {@value #WRAPPER}.
 *
 * <pre>{@code
 * JUnitCellSource s = JUnitCellSource.of("@Test void sum() { assertEquals(3, 1 + 2); }");
 * s.code();        // "class JUnitCell {\n@Test void sum() ...\n}"
 * s.classNames();  // [JUnitCell]
 * s.plannedTests() // [sum]
 * }</pre>
 *
 * <p>Immutable.
 */
public record JUnitCellSource(String code, List<String> classNames, boolean wrapped) {
    public static final String WRAPPER = "JUnitCell";
    /** The {@code %%junit} switch that lets a cell earn part of its points (else it is all or nothing where graded). */
    public static final String PARTIAL_CREDIT = "--partial-credit";
    /**
     * What a test class without a superclass extends: its helpers are then members, which no
     * notebook's top-level method of the same name (an import in JShell) can shadow.
     */
    static final String HELPERS = " extends org.threadlab.grade.Concurrency";
    private static final Pattern CLASS = Pattern.compile(
            "^\\s*(?:@[\\w.]+(?:\\([^)]*\\))?\\s+)*(?:(?:public|final|static|abstract)\\s+)*class\\s+(\\w+)");
    private static final Pattern TEST = Pattern.compile(
            "@(?:Test|RepeatedTest\\([^)]*\\))\\b[^;{]*?\\b(?:void|\\w+)\\s+(\\w+)\\s*\\(");
    private static final Pattern POINTS = Pattern.compile("@Points\\(\\s*([0-9.]+)\\s*\\)");

    public static JUnitCellSource of(String body) {
        List<String> names = new ArrayList<>();
        StringBuilder code = new StringBuilder();
        int depth = 0;
        for (String line : body.split("\n", -1)) {
            if (depth == 0) {
                Matcher m = CLASS.matcher(line);
                if (m.find()) {
                    names.add(m.group(1));
                    String rest = line.substring(m.end());
                    if (rest.matches("\\s*(\\{.*|implements\\b.*|)")) {
                        line = line.substring(0, m.end()) + HELPERS + rest;
                    }
                }
            }
            depth += braces(line);
            code.append(code.isEmpty() ? "" : "\n").append(line);
        }
        if (!names.isEmpty()) {
            return new JUnitCellSource(code.toString(), List.copyOf(names), false);
        }
        return new JUnitCellSource("class " + WRAPPER + HELPERS + " {\n" + body.stripTrailing() + "\n}", List.of(WRAPPER), true);
    }

    /**
     * Defines the cell's classes with {@code eval} (the notebook's JShell, which throws when the
     * code does not compile) and runs their tests.
     */
    public TestReport run(Function<String, Object> eval, double points) {
        eval.apply(code);
        List<Class<?>> classes = new ArrayList<>();
        for (String name : classNames) {
            if (eval.apply(name + ".class") instanceof Class<?> cls) {
                classes.add(cls);
            }
        }
        String title = wrapped ? "%%junit" : "%%junit " + String.join(", ", classNames);
        return new JUnitRun(title, points, !wrapped).run(classes);
    }

    /**
     * A whole {@code %%junit [--points N]} cell, run as {@link #run} runs its body; what the grader
     * does with a hidden test cell, without the magic (so no notebook-callable API holds the report).
     */
    public static TestReport runCell(String cell, Function<String, Object> eval) {
        String source = cell.stripLeading();
        int nl = source.indexOf('\n');
        String magicLine = nl < 0 ? source : source.substring(0, nl);
        List<String> flags = new ArrayList<>(List.of(magicLine.substring("%%junit".length()).trim().split("\\s+")));
        flags.removeIf(String::isEmpty);
        Args a = Args.parser("%%junit", "%%junit [--points N] [--partial-credit] [--out NAME]").values("--points", "--out")
                .switches(PARTIAL_CREDIT).parse(flags);
        return of(nl < 0 ? "" : source.substring(nl + 1)).run(eval, a.decimal("--points", Double.NaN, 0, 1_000_000));
    }

    /** Whether a {@code %%junit} cell's first line has {@value #PARTIAL_CREDIT}. */
    public static boolean partialCredit(String cell) {
        String source = cell.stripLeading();
        int nl = source.indexOf('\n');
        return List.of((nl < 0 ? source : source.substring(0, nl)).trim().split("\\s+")).contains(PARTIAL_CREDIT);
    }

    /**
     * Whether the tests earned every point they are worth: the only way a graded cell without
     * {@value #PARTIAL_CREDIT} scores, in nbgrader's autograde (where it otherwise ends as an error)
     * and in the batch grader alike.
     */
    public static boolean earnedAll(TestReport report) {
        return report.failed() == 0 && report.points() >= report.maxPoints() - 1e-9;
    }

    /** One planned test as read from the source, before anything runs. */
    public record Planned(String name, Double points) {
    }

    /**
     * The tests the source declares, named as {@link JUnitRun} names them, with their
     * {@code @Points} where given: what the grader counts when a submission never reaches the
     * tests. A best-effort reading: it finds {@code @Test} and {@code @RepeatedTest} methods.
     */
    public List<Planned> plannedTests() {
        List<Planned> out = new ArrayList<>();
        // where each top-level class starts, with its own @Points
        List<int[]> classStarts = new ArrayList<>();
        List<Double> classPoints = new ArrayList<>();
        int offset = 0;
        int depth = 0;
        for (String line : code.split("\n", -1)) {
            if (depth == 0 && !wrapped) {
                Matcher m = CLASS.matcher(line);
                if (m.find()) {
                    classStarts.add(new int[] {offset, classStarts.size()});
                    Matcher p = POINTS.matcher(line);
                    classPoints.add(p.find() ? Double.valueOf(p.group(1)) : null);
                }
            }
            depth += braces(line);
            offset += line.length() + 1;
        }
        Matcher t = TEST.matcher(code);
        while (t.find()) {
            int k = -1;
            for (int[] c : classStarts) {
                if (c[0] <= t.start()) {
                    k = c[1];
                }
            }
            // the annotations of this method: back to the end of the previous member
            int from = Math.max(Math.max(code.lastIndexOf(';', t.start()), code.lastIndexOf('}', t.start())),
                    code.lastIndexOf('{', t.start())) + 1;
            Matcher p = POINTS.matcher(code.substring(from, t.end()));
            Double points = p.find() ? Double.valueOf(p.group(1)) : k >= 0 ? classPoints.get(k) : null;
            String cls = wrapped || k < 0 ? null : classNames.get(k);
            out.add(new Planned(cls == null ? t.group(1) : cls + "." + t.group(1), points));
        }
        return out;
    }

    /** Net braces on a line, ignoring those in string and char literals and // comments. */
    private static int braces(String line) {
        int d = 0;
        boolean str = false;
        char quote = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (str) {
                if (c == '\\') {
                    i++;
                } else if (c == quote) {
                    str = false;
                }
            } else if (c == '"' || c == '\'') {
                str = true;
                quote = c;
            } else if (c == '/' && i + 1 < line.length() && line.charAt(i + 1) == '/') {
                break;
            } else if (c == '{') {
                d++;
            } else if (c == '}') {
                d--;
            }
        }
        return d;
    }
}
