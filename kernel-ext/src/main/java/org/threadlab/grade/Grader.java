package org.threadlab.grade;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.threadlab.args.Args;
import org.threadlab.args.UsageException;
import org.threadlab.json.Json;
import org.threadlab.text.Durations;

/**
 * Grades a folder of submitted notebooks with an instructor's hidden tests, each submission in
 * a JVM of its own with a time and a memory limit, several at once.
 *
 * <pre>{@code
 * Grader grader = new Grader(new Grader.Options(List.of(Path.of("hidden-tests.ipynb")),
 *         Path.of("grades"), Duration.ofSeconds(30), 512, Runtime.getRuntime().availableProcessors()));
 * for (Grader.Grade g : grader.grade(Path.of("submissions"))) {
 *     System.out.println(g.student() + ": " + g.report().points() + "/" + g.report().maxPoints());
 * }
 * }</pre>
 *
 * <p><b>Hidden tests</b> are {@code %%junit} cells and nbgrader grade cells
 * ({@code metadata.nbgrader.grade: true}, with {@code points}) of instructor notebooks, and
 * {@code .java} files of JUnit test classes. They run after every student cell ran.
 *
 * <p><b>nbgrader.</b> In a submission, grade cells are never run from the student's copy: the
 * instructor's, matched by {@code grade_id}, run with the hidden tests. Locked cells whose
 * {@code grade_id} the instructor notebook has run in the instructor's version.
 *
 * <p><b>Isolation.</b> Each submission runs in {@code org.threadlab.kernel.grading.GradeMain} in a child
 * JVM ({@code -Xmx}, exit on out-of-memory, a thread-count watchdog, output capped). A child
 * that hangs is killed with its process tree at the time limit; one that calls
 * {@code System.exit}, runs out of memory or starts endless threads fails its own tests, with
 * the reason. Submissions are only read, never written.
 *
 * <p><b>Outputs</b> in the out folder: {@code gradebook.csv}, {@code junit.xml}, and per
 * student {@code STUDENT/results.json} (Gradescope), {@code STUDENT/feedback.html},
 * {@code STUDENT/junit.xml}, {@code STUDENT/output.txt} (what the notebook printed).
 *
 * <p>Thread-safety: a {@code Grader} is immutable; {@link #grade} may run concurrently for
 * different out folders.
 */
public final class Grader {
    static final String USAGE = "./threadlab grade [--tests FILE]... [--out DIR] [--time-limit S] [--memory MB] [--jobs N] SUBMISSIONS_DIR";
    private static final Pattern POINTS_FLAG = Pattern.compile("--points[ =]([0-9.]+)");

    /**
     * @param tests       instructor notebooks ({@code .ipynb}) and test classes ({@code .java})
     * @param out         where results go (created)
     * @param timeLimit   wall-clock limit per submission, JVM start included
     * @param memoryMb    heap limit per submission
     * @param parallelism how many submissions grade at once
     */
    public record Options(List<Path> tests, Path out, Duration timeLimit, int memoryMb, int parallelism) {
        public Options {
            tests = List.copyOf(tests);
            if (tests.isEmpty()) {
                throw new IllegalArgumentException("the grader needs at least one hidden test file (--tests).");
            }
            if (timeLimit.isNegative() || timeLimit.isZero()) {
                throw new IllegalArgumentException("the time limit must be positive.");
            }
        }
    }

    /**
     * The grade of one submission.
     *
     * @param student the notebook's file name without {@code .ipynb}
     * @param report  every hidden test with its points
     * @param reason  why the tests could not all run (timeout, System.exit, ...), or empty
     * @param seconds how long grading it took, JVM start included
     */
    public record Grade(String student, TestReport report, String reason, double seconds) {
    }

    /** A hidden test step with the tests it is expected to produce (counted as failed if it never runs). */
    private record Hidden(GradePlan.Step step, List<TestResult> planned) {
    }

    private final Options options;
    private final List<Hidden> hidden = new ArrayList<>();
    private final Map<String, String> lockedById = new LinkedHashMap<>();
    private final Set<String> gradeIds = new LinkedHashSet<>();

    public Grader(Options options) throws IOException {
        this.options = options;
        int n = 0;
        for (Path file : options.tests()) {
            String name = file.getFileName().toString();
            if (name.endsWith(".java")) {
                String code = Files.readString(file).replaceFirst("(?m)^\\s*package\\s+[\\w.]+\\s*;", "");
                addHidden("hidden tests " + name, "%%junit\n" + code, null, Double.NaN);
            } else if (name.endsWith(".ipynb")) {
                for (Notebook.Cell c : Notebook.read(file).cells()) {
                    if (!c.code()) {
                        continue;
                    }
                    if (c.gradeId() != null && c.locked() && !c.gradeCell()) {
                        lockedById.put(c.gradeId(), c.source());
                    }
                    if (c.gradeCell() || c.junit()) {
                        n++;
                        if (c.gradeId() != null) {
                            gradeIds.add(c.gradeId());
                        }
                        String label = "hidden test cell " + n + (c.gradeId() == null ? "" : " (" + c.gradeId() + ")");
                        addHidden(label, c.source(), c.gradeId(), c.points());
                    }
                }
            } else {
                throw new IllegalArgumentException("hidden tests must be .ipynb notebooks or .java test classes, not " + name + ".");
            }
        }
        if (hidden.isEmpty()) {
            throw new IllegalArgumentException("the hidden test files hold no tests: no %%junit cells, nbgrader grade cells or .java classes.");
        }
    }

    private void addHidden(String label, String code, String gradeId, double nbPoints) {
        String source = code.stripLeading();
        if (source.startsWith("%%junit")) {
            int nl = source.indexOf('\n');
            String magicLine = nl < 0 ? source : source.substring(0, nl);
            String body = nl < 0 ? "" : source.substring(nl + 1);
            Matcher m = POINTS_FLAG.matcher(magicLine);
            double cellPoints = m.find() ? Double.parseDouble(m.group(1)) : nbPoints;
            if (!m.reset().find() && !Double.isNaN(nbPoints)) {
                source = magicLine + " --points " + Json.number(nbPoints) + "\n" + body;
            }
            List<JUnitCellSource.Planned> planned = JUnitCellSource.of(body).plannedTests();
            double each = JUnitRun.pointsEach(cellPoints, planned.stream().filter(p -> p.points() == null).count());
            List<TestResult> tests = new ArrayList<>();
            for (JUnitCellSource.Planned p : planned) {
                tests.add(TestResult.failed(p.name(), p.points() != null ? p.points() : each, "not run"));
            }
            hidden.add(new Hidden(new GradePlan.Step(label, source, true, null, 0), tests));
        } else {
            String name = gradeId != null ? gradeId : label;
            double points = Double.isNaN(nbPoints) ? 1 : nbPoints;
            hidden.add(new Hidden(new GradePlan.Step(label, code, true, name, points),
                    List.of(TestResult.failed(name, points, "not run"))));
        }
    }

    /** The points a submission can earn. */
    public double maxPoints() {
        return hidden.stream().flatMap(h -> h.planned().stream()).mapToDouble(TestResult::maxPoints).sum();
    }

    // ---- grading ---------------------------------------------------------------------------------

    /** Grades every {@code *.ipynb} in {@code submissions} (sorted by name) and writes the outputs. */
    public List<Grade> grade(Path submissions) throws IOException, InterruptedException {
        List<Path> notebooks;
        try (Stream<Path> s = Files.list(submissions)) {
            notebooks = s.filter(p -> p.getFileName().toString().endsWith(".ipynb") && Files.isRegularFile(p)).sorted().toList();
        }
        Files.createDirectories(options.out());
        Path archive = classArchive();
        List<Grade> grades = new ArrayList<>();
        int jobs = Math.max(1, Math.min(options.parallelism(), notebooks.size()));
        try (ExecutorService pool = Executors.newFixedThreadPool(jobs)) {
            List<Future<Grade>> futures = new ArrayList<>();
            for (Path nb : notebooks) {
                futures.add(pool.submit(() -> gradeOne(nb, archive)));
            }
            for (Future<Grade> f : futures) {
                try {
                    grades.add(f.get());
                } catch (java.util.concurrent.ExecutionException e) {
                    Throwable c = e.getCause();
                    if (c instanceof IOException io) {
                        throw io;
                    }
                    throw new IllegalStateException(c);
                }
            }
        }
        Reports.writeAll(options.out(), grades);
        return grades;
    }

    private Grade gradeOne(Path notebook, Path archive) throws IOException, InterruptedException {
        String student = notebook.getFileName().toString().replaceFirst("\\.ipynb$", "");
        Path work = options.out().resolve(student);
        Files.createDirectories(work);
        long t0 = System.nanoTime();
        List<GradePlan.Step> steps = new ArrayList<>();
        try {
            int k = 0;
            for (Notebook.Cell c : Notebook.read(notebook).cells()) {
                if (!c.code()) {
                    continue;
                }
                k++;
                if (c.gradeCell() || (c.gradeId() != null && gradeIds.contains(c.gradeId()))) {
                    continue; // the instructor's version runs with the hidden tests
                }
                String code = c.gradeId() != null && c.locked() && lockedById.containsKey(c.gradeId())
                        ? lockedById.get(c.gradeId()) : c.source();
                steps.add(new GradePlan.Step("cell " + k, code, false, null, 0));
            }
        } catch (IOException e) {
            return finish(student, work, t0, List.of(), "the submission could not be read: " + e.getMessage());
        }
        for (Hidden h : hidden) {
            steps.add(h.step());
        }
        Path plan = work.resolve("plan.json");
        Files.writeString(plan, new GradePlan(steps).toJson());
        Files.deleteIfExists(work.resolve("progress"));
        Files.deleteIfExists(work.resolve("results"));

        List<String> cmd = childCommand(archive == null ? List.of() : List.of("-XX:SharedArchiveFile=" + archive),
                plan, work);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(work.resolve("jvm.log").toFile());
        Process p = pb.start();
        boolean finished = p.waitFor(options.timeLimit().toMillis(), TimeUnit.MILLISECONDS);
        String reason = "";
        String progress;
        if (!finished) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            p.waitFor();
            progress = read(work.resolve("progress"));
            reason = "timed out after " + Durations.format(options.timeLimit()) + " during " + stepOf(progress)
                    + ": it never finished (an endless loop, a deadlock, or a wait nothing ends?)";
        } else {
            progress = read(work.resolve("progress"));
            int code = p.exitValue();
            if (progress.startsWith("exit: ") || progress.startsWith("threads: ")) {
                reason = progress.substring(progress.indexOf(": ") + 2);
            } else if (!progress.equals("done")) {
                reason = code == 3 ? "ran out of memory (limit " + options.memoryMb() + " MB) during " + stepOf(progress)
                        : "the grading JVM ended unexpectedly (exit code " + code + ") during " + stepOf(progress)
                                + lastLines(work.resolve("jvm.log"));
            }
        }
        List<String> lines = Files.exists(work.resolve("results"))
                ? Files.readAllLines(work.resolve("results"), StandardCharsets.UTF_8) : List.of();
        List<TestResult> tests = new ArrayList<>();
        for (int i = 0; i < hidden.size(); i++) {
            Hidden h = hidden.get(i);
            String line = i < lines.size() ? lines.get(i) : null;
            if (line != null && line.startsWith("R ")) {
                tests.addAll(TestReport.fromJson(line.substring(2)).tests());
            } else {
                String why = line != null && line.startsWith("E ") ? (String) Json.parse(line.substring(2))
                        : reason.isEmpty() ? "the hidden tests did not run" : reason;
                for (TestResult t : h.planned()) {
                    tests.add(TestResult.failed(t.name(), t.maxPoints(), why));
                }
            }
        }
        return finish(student, work, t0, tests, reason);
    }

    /** The child JVM's command line: limits, a quick start (C1 only, serial GC), the kernel's classpath. */
    private List<String> childCommand(List<String> extra, Path plan, Path work) {
        List<String> cmd = new ArrayList<>(List.of(javaCommand(), "-Xmx" + options.memoryMb() + "m", "-XX:+ExitOnOutOfMemoryError",
                "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xlog:cds=off", "-Xlog:cds+dynamic=off",
                "-Djava.awt.headless=true"));
        cmd.addAll(extra);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "org.threadlab.kernel.grading.GradeMain", plan.toString(), work.toString()));
        return cmd;
    }

    /**
     * A class-data-sharing archive of the kernel's classes (JShell, JUnit, ThreadLab), made once
     * per JDK and classpath by a warm-up child and kept in the temp folder: it saves each child
     * about a second of start-up. Null when it cannot be made; children then start without it.
     */
    private Path classArchive() {
        String key = System.getProperty("java.class.path") + "|" + Runtime.version();
        for (String jar : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            key += "|" + new java.io.File(jar).lastModified();
        }
        Path archive = Path.of(System.getProperty("java.io.tmpdir"),
                "threadlab-grade-" + Integer.toHexString(key.hashCode()) + ".jsa");
        if (Files.isRegularFile(archive)) {
            return archive;
        }
        try {
            Path work = Files.createTempDirectory("threadlab-grade-warm");
            Path plan = work.resolve("plan.json");
            Files.writeString(plan, new GradePlan(List.of(
                    new GradePlan.Step("warm-up", "int x = 1;", false, null, 0),
                    new GradePlan.Step("warm-up tests", "%%junit\n@Test void warm() throws Throwable { assertEquals(1, 1);"
                            + " assertFinishesWithin(Duration.ofSeconds(5), () -> { }); }", true, null, 0))).toJson());
            Path tmp = archive.resolveSibling(archive.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
            Process p = new ProcessBuilder(childCommand(List.of("-XX:ArchiveClassesAtExit=" + tmp), plan, work))
                    .redirectErrorStream(true).redirectOutput(work.resolve("jvm.log").toFile()).start();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return null;
            }
            if (Files.isRegularFile(tmp)) {
                Files.move(tmp, archive, java.nio.file.StandardCopyOption.ATOMIC_MOVE, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                return archive;
            }
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return null;
    }

    private Grade finish(String student, Path work, long t0, List<TestResult> tests, String reason) throws IOException {
        if (tests.isEmpty()) { // the submission could not even be read: every planned test fails with the reason
            tests = hidden.stream().flatMap(h -> h.planned().stream())
                    .map(t -> TestResult.failed(t.name(), t.maxPoints(), reason)).toList();
        }
        Grade g = new Grade(student, new TestReport(student, tests), reason, (System.nanoTime() - t0) / 1e9);
        Reports.writeStudent(work, g);
        return g;
    }

    private static String stepOf(String progress) {
        return progress.startsWith("running: ") ? progress.substring(9) : "JVM start";
    }

    private static String lastLines(Path log) {
        String text = read(log).strip();
        if (text.isEmpty()) {
            return "";
        }
        String[] lines = text.split("\n");
        return ": " + String.join(" / ", java.util.Arrays.copyOfRange(lines, Math.max(0, lines.length - 3), lines.length));
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file).strip() : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String javaCommand() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    // ---- command line ----------------------------------------------------------------------------

    /** {@code Grader [--tests FILE]... [--out DIR] [--time-limit S] [--memory MB] [--jobs N] SUBMISSIONS_DIR}. */
    public static void main(String[] argv) throws Exception {
        try {
            Args args = Args.parser("threadlab grade", USAGE).values("--tests", "--out", "--time-limit", "--memory", "--jobs")
                    .words().parse(argv);
            if (args.help()) {
                System.out.println(help());
                return;
            }
            List<Path> tests = new ArrayList<>();
            for (String t : args.all("--tests")) {
                tests.add(Path.of(t));
            }
            Path out = args.has("--out") ? args.path("--out") : Path.of("grades");
            double limit = args.decimal("--time-limit", 60, 0.1, 86_400);
            int memory = args.integer("--memory", 512, 64, 1_048_576);
            int jobs = args.integer("--jobs", Runtime.getRuntime().availableProcessors(), 1, 1024);
            if (args.words().size() != 1) {
                throw args.error(args.words().isEmpty() ? "threadlab grade needs a submissions folder"
                        : "threadlab grade takes one submissions folder, but got " + String.join(" and ", args.words()));
            }
            Path submissions = Path.of(args.words().get(0));
            if (!Files.isDirectory(submissions)) {
                throw args.error("threadlab grade finds no folder " + submissions);
            }
            if (tests.isEmpty()) {
                throw args.error("threadlab grade needs hidden tests: add --tests FILE (an .ipynb with %%junit cells, or a .java test class)");
            }
            for (Path t : tests) {
                if (!Files.isRegularFile(t)) {
                    throw args.error("threadlab grade finds no test file " + t);
                }
            }
            Grader grader = new Grader(new Options(tests, out, Duration.ofMillis((long) (limit * 1000)), memory, jobs));
            long t0 = System.nanoTime();
            List<Grade> grades = grader.grade(submissions);
            for (Grade g : grades) {
                System.out.printf(Locale.ROOT, "%-24s %6s/%s  %9s  %s%n", g.student(), ReportTable.points(g.report().points()),
                        ReportTable.points(g.report().maxPoints()), Durations.format(g.seconds() * 1000), g.reason());
            }
            System.out.printf(Locale.ROOT, "graded %d submissions in %s (%d at a time) → %s%n", grades.size(),
                    Durations.ofNanos(System.nanoTime() - t0), jobs, out.resolve("gradebook.csv"));
        } catch (UsageException e) {
            System.err.println(e.getMessage());
            System.exit(2);
        } catch (IllegalArgumentException e) {
            System.err.println("threadlab grade: " + e.getMessage());
            System.exit(2);
        }
    }

    static String help() {
        return "Usage: " + USAGE + "\n\n"
                + "Grades every .ipynb in SUBMISSIONS_DIR with hidden JUnit tests, each in its own JVM.\n"
                + "  --tests FILE      hidden tests: an instructor .ipynb (%%junit cells, nbgrader grade cells)\n"
                + "                    or a .java test class; repeat for more\n"
                + "  --out DIR         where results go (default ./grades): gradebook.csv, junit.xml,\n"
                + "                    STUDENT/results.json (Gradescope), STUDENT/feedback.html\n"
                + "  --time-limit S    wall-clock limit per submission, JVM start included (default 60)\n"
                + "  --memory MB       heap limit per submission (default 512)\n"
                + "  --jobs N          submissions graded at once (default: the number of cores)\n";
    }
}
