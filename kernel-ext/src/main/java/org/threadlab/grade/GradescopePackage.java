package org.threadlab.grade;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Stream;
import org.threadlab.args.Args;
import org.threadlab.json.Json;

/**
 * A Gradescope autograder package made from hidden tests, and what runs inside it: Gradescope
 * builds one container image from the zip and grades each submission in a fresh container, so a
 * course of any size grades in parallel on Gradescope's machines with ThreadLab's own grader.
 *
 * <pre>{@code
 * ./threadlab grade --gradescope hidden-tests.ipynb --out autograder.zip
 * }</pre>
 *
 * <p>The zip, per Gradescope's specification
 * (https://gradescope-autograders.readthedocs.io/en/latest/specs/: {@code setup.sh} and
 * {@code run_autograder} at the root; unpacked into {@code /autograder/source}):
 * <ul>
 * <li>{@code setup.sh}: installs a JDK 21+ and bubblewrap when missing, then {@link #warmUp};
 * <li>{@code run_autograder}: runs {@link #run} on {@code /autograder};
 * <li>{@code threadlab/lib/}: the kernel's jars, the grader's own class path;
 * <li>{@code threadlab/tests/}: the hidden tests; {@code threadlab/package.properties}: the limits.
 * </ul>
 * Everything under {@code /autograder} moves to {@code $AUTOGRADER_ROOT} for testing.
 *
 * <p>Stateless; each method works on the files it is given.
 */
public final class GradescopePackage {
    static final String PROPERTIES = "threadlab/package.properties";
    /** Gradescope's default container has 768 MB (its troubleshooting page): the submission's heap must leave room. */
    static final int DEFAULT_MEMORY_MB = 384;
    /** Gradescope stops a whole run after 10 minutes by default and gives each container half a CPU. */
    static final double DEFAULT_TIME_LIMIT_S = 240;
    private static final String RESOURCES = "/org/threadlab/grade/gradescope/";
    /** What {@link Sandbox#bubblewrap} found wrong, in its sentence. */
    private static final java.util.regex.Pattern SANDBOX_PROBLEM = java.util.regex.Pattern.compile("cannot run here \\((.*)\\); install");

    private GradescopePackage() {
    }

    // ---- making the package (on the instructor's machine) -----------------------------------------

    /**
     * {@code ./threadlab grade --gradescope TESTS [--tests FILE]... [--out ZIP] [--time-limit S]
     * [--cell-time-limit S] [--memory MB] [--no-sandbox]}, from {@link Grader#main}.
     */
    static void fromArgs(Args args) throws IOException {
        if (!args.words().isEmpty()) {
            throw args.error("threadlab grade --gradescope makes an autograder package and grades nothing here, so it takes no submissions folder ("
                    + String.join(", ", args.words()) + ")");
        }
        if (args.has("--jobs")) {
            throw args.error("threadlab grade --gradescope takes no --jobs: Gradescope grades each submission in a container of its own");
        }
        List<Path> tests = new ArrayList<>();
        for (String t : args.all("--gradescope")) {
            tests.add(Path.of(t));
        }
        for (String t : args.all("--tests")) {
            tests.add(Path.of(t));
        }
        Set<String> names = new HashSet<>();
        for (Path t : tests) {
            if (!Files.isRegularFile(t)) {
                throw args.error("threadlab grade finds no test file " + t);
            }
            if (!names.add(t.getFileName().toString())) {
                throw args.error("two hidden test files are both named " + t.getFileName() + "; rename one");
            }
        }
        Path out = args.has("--out") ? args.path("--out") : Path.of("autograder.zip");
        double limit = args.decimal("--time-limit", DEFAULT_TIME_LIMIT_S, 0.1, 86_400);
        double cellLimit = args.decimal("--cell-time-limit", limit / 3, 0.1, 86_400);
        int memory = args.integer("--memory", DEFAULT_MEMORY_MB, 64, 1_048_576);
        Properties settings = new Properties();
        settings.setProperty("time-limit", Json.number(limit));
        settings.setProperty("cell-time-limit", Json.number(cellLimit));
        settings.setProperty("memory", Integer.toString(memory));
        settings.setProperty("sandbox", args.has("--no-sandbox") ? "off" : "auto");
        write(out, tests, settings, Sandbox.classPath());
        double maxPoints = new Grader(options(tests, settings, Path.of("."), true)).maxPoints();
        System.out.printf(Locale.ROOT, "wrote %s: a Gradescope autograder for %s (%s points; %s s per submission, heap %d MB%s)%n",
                out, String.join(", ", names.stream().sorted().toList()), ReportTable.points(maxPoints), Json.number(limit), memory,
                args.has("--no-sandbox") ? ", no sandbox" : "");
        System.out.println("Upload it on the assignment's Configure Autograder page (Ubuntu 22.04 base image);"
                + " Gradescope's timeout (default 10 minutes) must exceed " + Json.number(limit) + " s and its memory"
                + " (default 768 MB) be at least " + (memory + 384) + " MB.");
    }

    /** The grader's options for these tests and settings, writing to {@code out}. */
    static Grader.Options options(List<Path> tests, Properties settings, Path out, boolean sandbox) {
        return new Grader.Options(tests, out, seconds(settings.getProperty("time-limit")),
                Integer.parseInt(settings.getProperty("memory")), 1, sandbox, seconds(settings.getProperty("cell-time-limit")));
    }

    private static Duration seconds(String s) {
        return Duration.ofMillis(Math.round(Double.parseDouble(s) * 1000));
    }

    /**
     * Writes the zip: the scripts (executable), the jars of {@code classPath}, the tests and the
     * settings. Only names relative to the zip's root: nothing of this machine's paths. An
     * existing file at {@code zip} is replaced only when it is a zip archive itself.
     */
    static void write(Path zip, List<Path> tests, Properties settings, List<Path> classPath) throws IOException {
        if (Files.isDirectory(zip)) {
            throw new IllegalArgumentException("--out " + zip + " is a folder; give the name of the zip to write, e.g. autograder.zip.");
        }
        if (Files.exists(zip) && !isZip(zip)) {
            throw new IllegalArgumentException("--out " + zip + " exists and is no zip archive; it is left alone: choose another name.");
        }
        // fails at once, with the grader's own sentence, on test files that hold no tests
        new Grader(options(tests, settings, Path.of("."), true));
        Path dir = zip.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, ".autograder-", ".zip");
        Files.delete(tmp); // zipfs creates the archive itself
        try {
            // zipfs can store POSIX permissions (JDK 14+): Gradescope runs run_autograder as an executable
            try (FileSystem fs = FileSystems.newFileSystem(URI.create("jar:" + tmp.toUri()),
                    Map.of("create", "true", "enablePosixFileAttributes", "true"))) {
                Path root = fs.getPath("/");
                for (String script : List.of("setup.sh", "run_autograder")) {
                    Path p = root.resolve(script);
                    try (InputStream in = GradescopePackage.class.getResourceAsStream(RESOURCES + script)) {
                        if (in == null) {
                            throw new IOException("the kernel jar lacks its resource " + RESOURCES + script);
                        }
                        Files.copy(in, p);
                    }
                    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
                }
                Path lib = Files.createDirectories(root.resolve("threadlab/lib"));
                Path testDir = Files.createDirectories(root.resolve("threadlab/tests"));
                for (Path d : List.of(root.resolve("threadlab"), lib, testDir)) {
                    Files.setPosixFilePermissions(d, PosixFilePermissions.fromString("rwxr-xr-x"));
                }
                for (Path jar : classPath) {
                    if (Files.isRegularFile(jar) && jar.getFileName().toString().endsWith(".jar")) {
                        copyReadable(jar, lib.resolve(jar.getFileName().toString()));
                    }
                }
                for (Path t : tests) {
                    copyReadable(t, testDir.resolve(t.getFileName().toString()));
                }
                Properties all = new Properties();
                all.putAll(settings);
                all.setProperty("tests", String.join("/", tests.stream().map(t -> t.getFileName().toString()).toList()));
                java.io.StringWriter props = new java.io.StringWriter();
                all.store(props, "ThreadLab's Gradescope autograder: the grader's settings and hidden tests");
                Path p = root.resolve(PROPERTIES);
                Files.writeString(p, props.toString());
                Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-r--r--"));
            }
            Files.move(tmp, zip, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static void copyReadable(Path from, Path to) throws IOException {
        Files.copy(from, to);
        Files.setPosixFilePermissions(to, PosixFilePermissions.fromString("rw-r--r--"));
    }

    private static boolean isZip(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] head = in.readNBytes(4);
            return head.length == 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4;
        }
    }

    // ---- inside Gradescope's container ------------------------------------------------------------

    /** The hidden tests and settings of the package unpacked under {@code root}/source. */
    private record Unpacked(List<Path> tests, Properties settings) {
        static Unpacked of(Path root) throws IOException {
            Path tl = root.resolve("source/threadlab");
            Properties settings = new Properties();
            try (var in = Files.newBufferedReader(tl.resolve("package.properties"), StandardCharsets.UTF_8)) {
                settings.load(in);
            }
            List<Path> tests = new ArrayList<>();
            for (String name : settings.getProperty("tests", "").split("/")) {
                tests.add(tl.resolve("tests").resolve(name));
            }
            return new Unpacked(tests, settings);
        }
    }

    /**
     * setup.sh's last step: grades no submission without a sandbox, which reads the hidden tests
     * and makes the grading JVM's class-data archive (in the temp folder) with the limits the
     * submissions will get.
     */
    static void warmUp(Path root) throws IOException, InterruptedException {
        Unpacked u = Unpacked.of(root);
        Path empty = Files.createTempDirectory("threadlab-gradescope-none");
        Path out = Files.createTempDirectory("threadlab-gradescope-out");
        try {
            Grader grader = new Grader(options(u.tests(), u.settings(), out, false));
            grader.grade(empty);
            System.out.printf(Locale.ROOT, "threadlab setup: hidden tests read (%s points), Java %s%n",
                    ReportTable.points(grader.maxPoints()), Runtime.version());
        } finally {
            Sandbox.deleteTree(empty);
            Sandbox.deleteTree(out);
        }
    }

    /**
     * Grades the one notebook in {@code root}/submission and writes {@code root}/results/results.json:
     * the grader's own results.json for it; with no notebook or several, a score of 0 and one
     * sentence saying so. What the instructor needs goes to stdout (Gradescope's
     * {@code results/stdout}, shown to instructors only).
     */
    static void run(Path root) throws IOException, InterruptedException {
        Unpacked u = Unpacked.of(root);
        Path results = Files.createDirectories(root.resolve("results"));
        Path json = results.resolve("results.json");
        Files.deleteIfExists(json);
        List<Path> notebooks = notebooks(root.resolve("submission"));
        if (notebooks.size() != 1) {
            String why = notebooks.isEmpty()
                    ? "Your submission holds no Jupyter notebook (.ipynb file): nothing was graded. Upload your notebook, the .ipynb file."
                    : "Your submission holds " + notebooks.size() + " notebooks (" + String.join(", ", notebooks.stream()
                            .map(p -> root.resolve("submission").relativize(p).toString()).toList())
                            + "): nothing was graded. Upload only the one notebook of this assignment.";
            Reports.write(json, "{\n  \"score\": 0,\n  \"output\": " + Json.quote(why) + "\n}\n");
            System.out.println("threadlab run_autograder: " + why);
            return;
        }
        boolean sandbox = !"off".equals(u.settings().getProperty("sandbox"));
        String noSandbox = sandbox ? "" : "graded without the bubblewrap sandbox: the package was made with --no-sandbox";
        if (sandbox) {
            try {
                Sandbox.bubblewrap();
            } catch (IllegalArgumentException e) {
                // Gradescope's container may forbid the namespaces bwrap needs. Grading without it is
                // still safe for other students: Gradescope runs each submission in a fresh container of
                // its own, holding only this package and this submission, thrown away afterwards. What the
                // sandbox adds there (the hidden tests and results.json out of the submission's reach) is
                // lost, and the output says so; the package made with --no-sandbox never tries bwrap.
                sandbox = false;
                java.util.regex.Matcher m = SANDBOX_PROBLEM.matcher(e.getMessage());
                noSandbox = "graded without the bubblewrap sandbox: bwrap cannot run in this container"
                        + (m.find() ? " (" + m.group(1) + ")" : "")
                        + "; Gradescope's container of its own keeps the submission apart from every other";
            }
        }
        // the sandbox's uid may not read /autograder's jars: Sandbox.readableClassPath() copies them if so
        Path in = Files.createTempDirectory("threadlab-gradescope-in");
        Path out = Files.createTempDirectory("threadlab-gradescope-out");
        try {
            Path nb = in.resolve(notebooks.get(0).getFileName().toString());
            Files.copy(notebooks.get(0), nb);
            Grader.Grade g = new Grader(options(u.tests(), u.settings(), out, sandbox)).grade(in).get(0);
            String text = Files.readString(out.resolve(Folders.assign(List.of(nb)).get(nb)).resolve("results.json"));
            if (!noSandbox.isEmpty()) {
                // the grader's note names its command-line switch, which means nothing on Gradescope
                String quoted = Json.quote(noSandbox);
                text = text.replace(Grader.NO_SANDBOX, quoted.substring(1, quoted.length() - 1));
            }
            Reports.write(json, text);
            System.out.printf(Locale.ROOT, "threadlab run_autograder: %s scored %s/%s in %.1f s%s%s%n", nb.getFileName(),
                    ReportTable.points(g.report().points()), ReportTable.points(g.report().maxPoints()), g.seconds(),
                    g.reason().isEmpty() ? "" : "; " + g.reason(), sandbox ? "; sandboxed with bubblewrap" : "");
        } finally {
            Sandbox.deleteTree(in);
            Sandbox.deleteTree(out);
        }
    }

    /** Every {@code .ipynb} file under {@code dir}, but in hidden folders such as {@code .ipynb_checkpoints} and {@code __MACOSX}, and no link. */
    private static List<Path> notebooks(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(dir)) {
            // a link is not followed: it could point at the hidden tests in /autograder/source
            return s.filter(p -> p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".ipynb")
                            && Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS))
                    .filter(p -> {
                        for (Path part : dir.relativize(p)) {
                            String n = part.toString();
                            if (n.startsWith(".") || n.equals("__MACOSX")) {
                                return false;
                            }
                        }
                        return true;
                    }).sorted().toList();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /**
     * {@code GradescopePackage ROOT} (run_autograder) or {@code GradescopePackage --warm-up ROOT}
     * (setup.sh). A failure exits with status 1 and no results.json, so Gradescope reports that the
     * autograder failed rather than a score of 0 the student did not earn.
     */
    public static void main(String[] argv) throws Exception {
        try {
            if (argv.length == 2 && argv[0].equals("--warm-up")) {
                warmUp(Path.of(argv[1]));
            } else if (argv.length == 1 && !argv[0].startsWith("-")) {
                run(Path.of(argv[0]));
            } else {
                System.err.println("Usage: GradescopePackage [--warm-up] AUTOGRADER_ROOT (run by the package's setup.sh and run_autograder)");
                System.exit(2);
            }
        } catch (IOException | IllegalArgumentException e) {
            System.err.println("threadlab run_autograder: the autograder failed: " + e.getMessage());
            System.exit(1);
        }
    }
}
