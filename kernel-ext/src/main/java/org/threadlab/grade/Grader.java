package org.threadlab.grade;

import java.io.IOException;
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
 * A {@code %%junit} grade cell scores all or nothing, as nbgrader's autograde scores it with this
 * kernel, unless it says {@code --partial-credit}.
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
    static final String USAGE = "./threadlab grade [--tests FILE]... [--out DIR] [--time-limit S] [--cell-time-limit S] [--memory MB] [--jobs N] [--no-sandbox]"
            + " [--roster FILE.csv] [--gradebook-column NAME] [--gradebook-detail] SUBMISSIONS_DIR"
            + "\n   or: ./threadlab grade --gradescope FILE [--tests FILE]... [--out ZIP] [--time-limit S] [--cell-time-limit S] [--memory MB] [--no-sandbox]";
    private static final Pattern POINTS_FLAG = Pattern.compile("--points[ =]([0-9.]+)");
    /** A top-level method declaration in a cell (unindented), its name in group 1. */
    private static final Pattern TOP_METHOD = Pattern.compile(
            "(?m)^(?:(?:public|private|protected|static|final|synchronized)\\s+)*(?:<[^>]*>\\s*)?[\\w.$<>\\[\\]?, ]+?\\s+(\\w+)\\s*\\(");
    /** The helpers hidden tests call by simple name: Concurrency's and, through it, JUnit's Assertions. */
    private static final Set<String> HELPERS = java.util.Arrays.stream(Concurrency.class.getMethods())
            .filter(m -> java.lang.reflect.Modifier.isStatic(m.getModifiers())).map(java.lang.reflect.Method::getName)
            .collect(java.util.stream.Collectors.toCollection(java.util.TreeSet::new));
    /** What a child may print to stdout and stderr that the outputs keep. */
    static final int OUTPUT_CAP = 256 * 1024;
    /** Processes and threads a sandboxed child may have, enforced by the kernel (above the JVM's own 1000-thread watchdog). */
    static final int THREAD_LIMIT = 1200;
    /**
     * What a child maps besides heap, direct buffers and thread stacks (class space, code cache,
     * class archive, libraries, two malloc arenas, metaspace): 540–562 MB measured for healthy
     * children at --memory 64 and 512, plus room for metaspace to grow to its 256 MB cap.
     */
    static final int JVM_MAPPED_MB = 850;
    /** Stacks of the 1000 threads the child's watchdog allows, 1 MB each ({@code -Xss1m}). */
    static final int STACK_MB = 1000;
    static final String NO_SANDBOX = "graded without a sandbox (--no-sandbox)";
    static final String ALL_OR_NOTHING = "no points: this grade cell scores all or nothing, as in nbgrader, and another of its"
            + " tests did not pass (%%junit --partial-credit gives each test its points)";

    /**
     * @param tests       instructor notebooks ({@code .ipynb}) and test classes ({@code .java})
     * @param out         where results go (created)
     * @param timeLimit   wall-clock limit per submission, JVM start included
     * @param memoryMb    heap limit per submission
     * @param parallelism how many submissions grade at once
     * @param sandbox     whether each submission runs in a bubblewrap sandbox (false only by the instructor's choice)
     * @param cellTimeLimit how long one student cell may run before it is stopped (and grading goes on)
     */
    public record Options(List<Path> tests, Path out, Duration timeLimit, int memoryMb, int parallelism, boolean sandbox,
                          Duration cellTimeLimit) {
        public Options(List<Path> tests, Path out, Duration timeLimit, int memoryMb, int parallelism) {
            this(tests, out, timeLimit, memoryMb, parallelism, true, timeLimit.dividedBy(3));
        }

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
    public record Grade(String student, TestReport report, String reason, double seconds, FeedbackPage.Context feedback) {
        public Grade(String student, TestReport report, String reason, double seconds) {
            this(student, report, reason, seconds, FeedbackPage.Context.NONE);
        }
    }

    /**
     * A hidden test step, the task it grades (grade_id or test class, for the feedback page), and the
     * tests it is expected to produce (counted as failed if it never runs), named by {@link TaskNames};
     * {@code visibility} is Gradescope's for its tests, or null; {@code allOrNothing}: an nbgrader
     * grade cell without {@code --partial-credit}, which nbgrader scores 0 unless every test passes.
     */
    private record Hidden(GradePlan.Step step, String task, List<TestResult> planned, TaskNames names, String visibility,
                          boolean allOrNothing) {
    }

    private final Options options;
    /** The children's class path: the grader's own, or a copy the sandbox's uid can read ({@link Sandbox#readableClassPath}). */
    private volatile List<Path> classPath = Sandbox.classPath();
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
                addHidden("hidden tests " + name, name.replaceFirst("\\.java$", ""), "%%junit\n" + code, null, Double.NaN,
                        TaskNames.forFile(name.replaceFirst("\\.java$", "")), null, false);
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
                        addHidden(label, c.gradeId() != null ? c.gradeId() : "test cell " + n, c.source(), c.gradeId(),
                                c.points(), TaskNames.forCell(c.gradeId(), n), TaskNames.visibility(c.visibility(), label),
                                c.gradeCell());
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

    private void addHidden(String label, String task, String code, String gradeId, double nbPoints, TaskNames names,
                           String visibility, boolean gradeCell) {
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
                tests.add(TestResult.failed(names.qualify(p.name()), p.points() != null ? p.points() : each, "not run"));
            }
            hidden.add(new Hidden(new GradePlan.Step(label, source, true, null, 0, 0), task, tests, names, visibility,
                    gradeCell && !JUnitCellSource.partialCredit(source)));
        } else {
            String name = gradeId != null ? gradeId : label;
            double points = Double.isNaN(nbPoints) ? 1 : nbPoints;
            hidden.add(new Hidden(new GradePlan.Step(label, code, true, name, points, 0), task,
                    List.of(TestResult.failed(name, points, "not run")), TaskNames.NONE, visibility, false));
        }
    }

    /** The lines of the hidden tests' source that could identify them (a compiler quotes them), for the feedback page to leave out. */
    private Set<String> hiddenLines() {
        Set<String> lines = new java.util.HashSet<>();
        for (Hidden h : hidden) {
            h.step().code().lines().map(String::strip).filter(l -> l.length() >= 6).forEach(lines::add);
        }
        return lines;
    }

    /** The points a submission can earn. */
    public double maxPoints() {
        return hidden.stream().flatMap(h -> h.planned().stream()).mapToDouble(TestResult::maxPoints).sum();
    }

    // ---- grading ---------------------------------------------------------------------------------

    /** Grades every {@code *.ipynb} in {@code submissions} (sorted by name) and writes the outputs. */
    public List<Grade> grade(Path submissions) throws IOException, InterruptedException {
        return grade(submissions, Gradebook.Format.DEFAULT);
    }

    /** The same, with {@code gradebook.csv} laid out as {@code gradebook} says. */
    public List<Grade> grade(Path submissions, Gradebook.Format gradebook) throws IOException, InterruptedException {
        List<Path> notebooks;
        try (Stream<Path> s = Files.list(submissions)) {
            notebooks = s.filter(p -> p.getFileName().toString().endsWith(".ipynb") && Files.isRegularFile(p)).sorted().toList();
        }
        Files.createDirectories(options.out());
        Sandbox sandbox = options.sandbox() ? Sandbox.bubblewrap() : Sandbox.none();
        classPath = sandbox.readableClassPath();
        Path archive = classArchive();
        List<Grade> grades = new ArrayList<>();
        int jobs = Math.max(1, Math.min(options.parallelism(), notebooks.size()));
        java.util.concurrent.BlockingQueue<Integer> slots = new java.util.concurrent.ArrayBlockingQueue<>(jobs);
        for (int i = 0; i < jobs; i++) {
            slots.add(i);
        }
        Map<Path, String> folders = Folders.assign(notebooks);
        try (ExecutorService pool = Executors.newFixedThreadPool(jobs)) {
            List<Future<Grade>> futures = new ArrayList<>();
            for (Path nb : notebooks) {
                futures.add(pool.submit(() -> {
                    int slot = slots.take();
                    try {
                        return gradeSafely(nb, folders.get(nb), archive, sandbox, slot);
                    } finally {
                        slots.add(slot);
                    }
                }));
            }
            for (Future<Grade> f : futures) {
                try {
                    grades.add(f.get());
                } catch (java.util.concurrent.ExecutionException e) {
                    throw new IllegalStateException(e.getCause());
                }
            }
        }
        Reports.writeAll(options.out(), grades, gradebook);
        return grades;
    }

    /** {@link #gradeOne}, but whatever goes wrong ends as this submission's reason, never the batch's. */
    private Grade gradeSafely(Path notebook, String folder, Path archive, Sandbox sandbox, int slot) throws InterruptedException {
        String student = notebook.getFileName().toString().replaceFirst("\\.ipynb$", "");
        long t0 = System.nanoTime();
        Path work = options.out().resolve(folder);
        try {
            Files.createDirectories(work);
            return gradeOne(notebook, student, work, archive, sandbox, slot);
        } catch (InterruptedException e) {
            throw e;
        } catch (Exception | StackOverflowError | OutOfMemoryError e) {
            String reason = "the grader could not grade this submission: " + e;
            try {
                return finish(student, work, t0, List.of(), reason, "", FeedbackPage.Context.NONE);
            } catch (Exception again) {
                return new Grade(student, failAll(reason), reason, (System.nanoTime() - t0) / 1e9);
            }
        }
    }

    private Grade gradeOne(Path notebook, String student, Path work, Path archive, Sandbox sandbox, int slot)
            throws IOException, InterruptedException {
        long t0 = System.nanoTime();
        List<GradePlan.Step> steps = new ArrayList<>();
        Set<String> clashes = new java.util.TreeSet<>();
        Map<Integer, String> cells = new java.util.TreeMap<>(); // the student's code cells by Jupyter number, for the feedback page
        try {
            int k = 0;
            for (Notebook.Cell c : Notebook.read(notebook).cells()) {
                k++; // every cell counts, markdown too: "cell 5" is the notebook's fifth cell
                if (!c.code()) {
                    continue;
                }
                if (c.gradeCell() || (c.gradeId() != null && gradeIds.contains(c.gradeId()))) {
                    continue; // the instructor's version runs with the hidden tests
                }
                String code = c.gradeId() != null && c.locked() && lockedById.containsKey(c.gradeId())
                        ? lockedById.get(c.gradeId()) : c.source();
                steps.add(new GradePlan.Step("cell " + k, code, false, null, 0, k));
                cells.put(k, code);
                Matcher m = TOP_METHOD.matcher(code);
                while (m.find()) {
                    if (HELPERS.contains(m.group(1))) {
                        clashes.add(m.group(1));
                    }
                }
            }
        } catch (IOException e) {
            return finish(student, work, t0, List.of(), "the submission could not be read: " + e.getMessage(), "", FeedbackPage.Context.NONE);
        }
        int next = 10_000; // hidden test cells are numbered apart from any student cell
        for (Hidden h : hidden) {
            GradePlan.Step st = h.step();
            steps.add(new GradePlan.Step(st.label(), st.code(), true, st.name(), st.points(), next++));
        }
        byte[] key = GradeProtocol.newKey();
        Path scratch = Files.createTempDirectory("threadlab-grade-");
        Path channelFolder = Files.createTempDirectory("threadlab-grade-channel-");
        GradeProtocol.Receiver r = new GradeProtocol.Receiver(key);
        CappedOutput printed = new CappedOutput(OUTPUT_CAP);
        int exit;
        boolean finished;
        try (ResultChannel channel = openChannel(channelFolder, key, r, sandbox, slot)) {
            sandbox.prepare(scratch, slot);
            List<Path> visible = new ArrayList<>(classPath);
            visible.add(channelFolder);
            List<String> extra = new ArrayList<>();
            if (archive != null) {
                visible.add(archive);
                extra.add("-XX:SharedArchiveFile=" + archive);
            }
            byte[] input = (channel.socket() + "\n" + new GradePlan(steps).toJson()).getBytes(StandardCharsets.UTF_8);
            List<String> cmd = sandbox.wrap(childCommand(extra), scratch, slot, visible, THREAD_LIMIT, addressSpace(), channelFolder);
            Process p = new ProcessBuilder(cmd).directory(scratch.toFile()).redirectErrorStream(true).start();
            Thread pump = Thread.ofPlatform().daemon().name("threadlab-grade-read").start(() -> {
                byte[] buf = new byte[65536];
                try (var in = p.getInputStream()) {
                    for (int n; (n = in.read(buf)) > 0; ) {
                        synchronized (printed) {
                            printed.feed(buf, 0, n);
                        }
                    }
                } catch (IOException e) {
                    // the child is gone
                }
            });
            Thread.ofPlatform().daemon().name("threadlab-grade-write").start(() -> {
                try (var stdin = p.getOutputStream()) {
                    stdin.write(input);
                } catch (IOException e) {
                    // the child ended before reading its plan; its reason says why
                }
            });
            finished = p.waitFor(options.timeLimit().toMillis(), TimeUnit.MILLISECONDS);
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            p.waitFor();
            exit = p.exitValue();
            // with the sandbox, every process that could hold the pipe is gone; without it, one may linger
            long wait = sandbox.enabled() ? 10_000 : 2_000;
            channel.drain(wait);
            pump.join(wait);
        } finally {
            sandbox.reap(slot);
            Sandbox.deleteTree(scratch);
            Sandbox.deleteTree(channelFolder);
        }
        synchronized (r) {
            synchronized (printed) {
                return judge(student, work, t0, r, printed, finished, exit, sandbox, clashes, cells);
            }
        }
    }

    /** The child's result channel in {@code folder}, which only the slot's uid may enter (when the grader is root). */
    private static ResultChannel openChannel(Path folder, byte[] key, GradeProtocol.Receiver r, Sandbox sandbox, int slot)
            throws IOException {
        sandbox.prepare(folder, slot);
        ResultChannel channel = ResultChannel.open(folder, key, r);
        sandbox.prepare(channel.socket(), slot);
        return channel;
    }

    /** The grade from what the child said (only its signed frames count) and how it ended. */
    private Grade judge(String student, Path work, long t0, GradeProtocol.Receiver r, CappedOutput printed, boolean finished,
                        int exit, Sandbox sandbox, Set<String> clashes, Map<Integer, String> cells) throws IOException {
        String reason = "";
        String during = r.state() == GradeProtocol.State.KERNEL_START ? "JVM start" : r.step();
        if (r.forged() > 0) {
            reason = ""; // how it ended is beside the point: the forgery is the reason
        } else if (!finished) {
            reason = "timed out after " + Durations.format(options.timeLimit()) + " during " + during
                    + ": it never finished (an endless loop, a deadlock, or a wait nothing ends?)";
        } else if (r.state() == GradeProtocol.State.EXITED) {
            reason = "the notebook called System.exit during " + during;
        } else if (r.state() == GradeProtocol.State.TOO_MANY_THREADS) {
            reason = r.detail();
        } else if (r.state() != GradeProtocol.State.DONE) {
            reason = endedEarly(exit, printed.lastLines(), during);
        }
        List<TestResult> tests = new ArrayList<>();
        List<FeedbackPage.Task> tasks = new ArrayList<>();
        String forged = r.forged() == 0 ? "" : r.forged() + " message(s) on the grading channel were not signed with"
                + " this run's key or came out of order (made to look like grading results), so none of its results count";
        for (Hidden h : hidden) {
            Map<String, Object> res = forged.isEmpty() ? r.results().get(h.step().label()) : null;
            TestReport report = null;
            String why = !forged.isEmpty() ? forged : reason.isEmpty() ? "the hidden tests did not run" : reason;
            if (res != null && res.get("report") instanceof String json) {
                try {
                    report = TestReport.fromJson(json);
                } catch (RuntimeException e) {
                    why = "the hidden tests' report could not be read: " + e.getMessage();
                }
            } else if (res != null && res.get("error") instanceof String e) {
                why = e;
            }
            String because = why;
            List<TestResult> own;
            if (report == null) {
                own = h.planned().stream().map(t -> TestResult.failed(t.name(), t.maxPoints(), because)).toList();
            } else {
                own = h.names().inPlannedOrder(report.tests(), h.planned());
                if (h.allOrNothing() && !JUnitCellSource.earnedAll(report)) {
                    own = own.stream().map(t -> t.withPoints(0, t.passed() ? ALL_OR_NOTHING : "")).toList();
                }
            }
            tests.addAll(own);
            tasks.add(new FeedbackPage.Task(h.task(), own, report != null));
        }
        List<String> notes = new ArrayList<>(r.notes());
        if (!reason.isEmpty()) {
            notes.add(reason);
        }
        if (!forged.isEmpty()) {
            notes.add(forged);
        }
        if (!clashes.isEmpty()) {
            notes.add("the notebook's own " + String.join(", ", clashes) + " had the name of a test helper;"
                    + " the hidden tests called the helper, not the notebook's method");
        }
        if (!sandbox.enabled()) {
            notes.add(NO_SANDBOX);
        }
        if (!r.timing().isEmpty()) { // for tests/bench_grading.py: where a submission's time went
            StringBuilder t = new StringBuilder();
            r.timing().forEach((k, v) -> t.append(t.isEmpty() ? "" : " ").append(k).append('=')
                    .append(v instanceof Double d ? Json.number(d) : String.valueOf(v)));
            Reports.write(work.resolve("timing"), t.append('\n'));
        }
        return finish(student, work, t0, TaskNames.unique(tests), String.join("; ", notes), printed.output(),
                new FeedbackPage.Context(cells, tasks, notes, hiddenLines()));
    }

    /** Direct buffers' limit, in MB: a quarter of the heap's. */
    private int directMb() {
        return Math.max(16, options.memoryMb() / 4);
    }

    /**
     * The child's address-space limit (RLIMIT_AS, set from outside the JVM), in bytes: heap, direct
     * buffers, what the JVM maps for itself and a stack for each thread the watchdog allows. It
     * counts mappings, not pages touched, so it bounds everything: huge thread stacks, mapped files,
     * native allocations. At it nothing more maps: a thread start or a file map fails in the
     * notebook's code, a failed allocation of the JVM's own ends the child out of memory.
     */
    long addressSpace() {
        return (long) (options.memoryMb() + directMb() + JVM_MAPPED_MB + STACK_MB) << 20;
    }

    /**
     * The child's command line: limits (heap, and what else the JVM can allocate: direct buffers,
     * metaspace, code cache; Unsafe memory access and native code denied on JDK 24+), no attach,
     * a quick start (C1 only, serial GC), the kernel's classpath.
     */
    private List<String> childCommand(List<String> extra) {
        List<String> cmd = new ArrayList<>(List.of(javaCommand(), "-Xmx" + options.memoryMb() + "m",
                "-XX:MaxDirectMemorySize=" + directMb() + "m", "-XX:MaxMetaspaceSize=256m",
                "-XX:CompressedClassSpaceSize=128m", "-XX:ReservedCodeCacheSize=64m", "-Xss1m",
                "-XX:+ExitOnOutOfMemoryError", "-XX:+DisableAttachMechanism",
                "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xlog:cds=off", "-Xlog:cds+dynamic=off",
                "-Xlog:disable", "-Xlog:all=error:stderr", "-Djava.awt.headless=true", "-Djava.io.tmpdir=/tmp",
                "-Dthreadlab.grade.cellLimitMs=" + options.cellTimeLimit().toMillis()));
        if (Runtime.version().feature() >= 24) {
            cmd.addAll(List.of("--sun-misc-unsafe-memory-access=deny", "--illegal-native-access=deny"));
        }
        cmd.addAll(extra);
        cmd.addAll(List.of("-cp", classPathString(), "org.threadlab.kernel.grading.GradeMain"));
        return cmd;
    }

    private String classPathString() {
        return String.join(java.io.File.pathSeparator, classPath.stream().map(Path::toString).toList());
    }

    /**
     * A class-data-sharing archive of the kernel's classes (JShell, JUnit, ThreadLab), made once
     * per JDK and classpath by a warm-up child (unsandboxed: it runs only our own code) and kept
     * in the temp folder: it saves each child about a second of start-up. Null when it cannot be
     * made; children then start without it.
     */
    private Path classArchive() {
        // the archive fits any child with the same JDK, classpath and JVM flags (a -D property does not matter)
        String key = classPathString() + "|" + Runtime.version() + "|"
                + String.join(" ", childCommand(List.of()).stream().filter(a -> !a.startsWith("-D")).toList());
        for (Path jar : classPath) {
            key += "|" + jar.toFile().lastModified();
        }
        Path archive = Path.of(System.getProperty("java.io.tmpdir"),
                "threadlab-grade-" + Integer.toHexString(key.hashCode()) + ".jsa");
        if (Files.isRegularFile(archive)) {
            return archive;
        }
        Path work = null;
        try {
            work = Files.createTempDirectory("threadlab-grade-warm");
            List<GradePlan.Step> steps = List.of(
                    new GradePlan.Step("warm-up", "int x = 1;", false, null, 0, 1),
                    new GradePlan.Step("warm-up tests", "%%junit\n@Test void warm() throws Throwable { assertEquals(1, 1);"
                            + " assertFinishesWithin(Duration.ofSeconds(5), () -> { }); }", true, null, 0, 2));
            Path tmp = archive.resolveSibling(archive.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
            byte[] channelKey = GradeProtocol.newKey();
            Files.createDirectory(work.resolve("channel"));
            try (ResultChannel channel = ResultChannel.open(work.resolve("channel"), channelKey, new GradeProtocol.Receiver(channelKey))) {
                Process p = new ProcessBuilder(childCommand(List.of("-XX:ArchiveClassesAtExit=" + tmp)))
                        .directory(work.toFile()).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                try (var stdin = p.getOutputStream()) {
                    stdin.write((channel.socket() + "\n" + new GradePlan(steps).toJson()).getBytes(StandardCharsets.UTF_8));
                }
                if (!p.waitFor(60, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    return null;
                }
            }
            if (Files.isRegularFile(tmp)) {
                Files.setPosixFilePermissions(tmp, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
                Files.move(tmp, archive, java.nio.file.StandardCopyOption.ATOMIC_MOVE, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                return archive;
            }
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (work != null) {
                Sandbox.deleteTree(work);
            }
        }
        return null;
    }

    /** Gradescope's visibility of a task's tests, as the instructor set it, or null. */
    private String visibility(String task) {
        for (Hidden h : hidden) {
            if (h.visibility() != null && h.planned().stream().anyMatch(t -> t.task().equals(task) || t.name().equals(task))) {
                return h.visibility();
            }
        }
        return null;
    }

    private TestReport failAll(String reason) {
        return new TestReport("", hidden.stream().flatMap(h -> h.planned().stream())
                .map(t -> TestResult.failed(t.name(), t.maxPoints(), reason)).toList());
    }

    /** The grade, with its files written by this process, after the child is gone. */
    private Grade finish(String student, Path work, long t0, List<TestResult> tests, String reason, String output,
                         FeedbackPage.Context feedback) throws IOException {
        TestReport report = tests.isEmpty() ? failAll(reason) : new TestReport(student, tests);
        Grade g = new Grade(student, new TestReport(student, report.tests()), reason, (System.nanoTime() - t0) / 1e9, feedback);
        Reports.writeStudent(work, g, output, this::visibility);
        return g;
    }

    /**
     * Why a child that ended early did: the JVM exits with OUT_OF_MEMORY when an allocation fails
     * (-XX:+ExitOnOutOfMemoryError), or aborts when its own malloc fails under the address-space limit.
     */
    private String endedEarly(int exit, String last, String during) {
        String limits = " (--memory " + options.memoryMb() + ": heap " + options.memoryMb() + " MB, "
                + (addressSpace() >> 20) + " MB of address space in all, thread stacks included)";
        if (last.contains("unable to create native thread")) {
            return "could not start a thread: it used more memory or threads than the limits allow" + limits + " during " + during;
        }
        if (exit == GradeProtocol.Exit.OUT_OF_MEMORY.code || last.contains("insufficient memory for the Java Runtime")) {
            return "used more memory than --memory allows" + limits + " during " + during;
        }
        return "the grading JVM ended unexpectedly (exit code " + exit + ") during " + during + lastLines(last);
    }

    private static String lastLines(String text) {
        text = text.strip();
        if (text.isEmpty()) {
            return "";
        }
        String[] lines = text.split("\n");
        return ": " + String.join(" / ", java.util.Arrays.copyOfRange(lines, Math.max(0, lines.length - 3), lines.length));
    }

    private static String javaCommand() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    // ---- command line ----------------------------------------------------------------------------

    /** {@code Grader [--tests FILE]... [--out DIR] [--time-limit S] [--memory MB] [--jobs N] SUBMISSIONS_DIR}. */
    public static void main(String[] argv) throws Exception {
        try {
            Args args = Args.parser("threadlab grade", USAGE).values("--tests", "--out", "--time-limit", "--cell-time-limit", "--memory", "--jobs",
                    "--roster", "--gradebook-column").values("--gradescope").switches("--no-sandbox", "--gradebook-detail")
                    .words().parse(argv);
            if (args.help()) {
                System.out.println(help());
                return;
            }
            if (args.has("--gradescope")) { // an autograder package for Gradescope instead of grades
                GradescopePackage.fromArgs(args);
                return;
            }
            List<Path> tests = new ArrayList<>();
            for (String t : args.all("--tests")) {
                tests.add(Path.of(t));
            }
            Path out = args.has("--out") ? args.path("--out") : Path.of("grades");
            double limit = args.decimal("--time-limit", 60, 0.1, 86_400);
            double cellLimit = args.decimal("--cell-time-limit", limit / 3, 0.1, 86_400);
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
            Gradebook.Format gradebook = gradebookFormat(args, submissions);
            Grader grader = new Grader(new Options(tests, out, Duration.ofMillis((long) (limit * 1000)), memory, jobs, !args.has("--no-sandbox"),
                    Duration.ofMillis((long) (cellLimit * 1000))));
            long t0 = System.nanoTime();
            List<Grade> grades = grader.grade(submissions, gradebook);
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

    /** --roster, --gradebook-column, --gradebook-detail; a roster must list every submission before any is graded. */
    private static Gradebook.Format gradebookFormat(Args args, Path submissions) throws IOException {
        Gradebook.Roster roster = null;
        if (args.has("--roster")) {
            Path file = args.path("--roster");
            if (!Files.isRegularFile(file)) {
                throw args.error("threadlab grade finds no roster file " + file);
            }
            roster = Gradebook.Roster.read(file);
            List<String> students;
            try (Stream<Path> s = Files.list(submissions)) {
                students = s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".ipynb"))
                        .map(n -> n.replaceFirst("\\.ipynb$", "")).sorted().toList();
            }
            List<String> missing = Gradebook.unlisted(roster, students);
            if (!missing.isEmpty()) {
                throw new IllegalArgumentException("the roster " + file + " has no row for " + missing.size() + " submission(s): "
                        + String.join(", ", missing.stream().limit(5).map(m -> m + ".ipynb").toList())
                        + (missing.size() > 5 ? ", …" : "") + "; add them to its file column.");
            }
        }
        String column = args.has("--gradebook-column") ? args.text("--gradebook-column") : "score";
        return new Gradebook.Format(roster, column, args.has("--gradebook-detail"));
    }

    static String help() {
        return "Usage: " + USAGE + "\n\n"
                + "Grades every .ipynb in SUBMISSIONS_DIR with hidden JUnit tests, each in its own JVM.\n"
                + "  --tests FILE      hidden tests: an instructor .ipynb (%%junit cells, nbgrader grade cells)\n"
                + "                    or a .java test class; repeat for more\n"
                + "  --out DIR         where results go (default ./grades): gradebook.csv, junit.xml,\n"
                + "                    STUDENT/results.json (Gradescope), STUDENT/junit.xml, STUDENT/feedback.html,\n"
                + "                    STUDENT/output.txt; the STUDENT files hold none of the hidden tests' source\n"
                + "  --time-limit S    wall-clock limit per submission, JVM start included (default 60)\n"
                + "  --cell-time-limit S  a student's cell running longer is stopped, noted, and grading goes\n"
                + "                    on with the next cell and the hidden tests (default: a third of --time-limit)\n"
                + "  --memory MB       heap limit per submission (default 512); direct buffers get a quarter\n"
                + "                    of it, metaspace 256 MB; the process's whole address space, thread\n"
                + "                    stacks and mapped files included, MB + a quarter + 1850 MB\n"
                + "  --jobs N          submissions graded at once (default: the number of cores)\n"
                + "  --no-sandbox      run submissions without the bubblewrap sandbox (bwrap), as your own user\n"
                + "                    with the machine in view; every report records it. Only for trusted work\n"
                + "  --roster FILE.csv the students' ids for gradebook.csv: its column \"file\" names a submission\n"
                + "                    (with or without .ipynb); every other column (e.g. Canvas's Student, ID,\n"
                + "                    SIS User ID, SIS Login ID, Section, or Moodle's ID number or email) is copied,\n"
                + "                    in order, before the score. Every submission needs a row; a student without\n"
                + "                    a submission gets an empty score. Without it the id column is \"student\",\n"
                + "                    the notebook's file name without .ipynb\n"
                + "  --gradebook-column NAME  the score column's header, e.g. the LMS assignment's name (default score)\n"
                + "  --gradebook-detail add max_score, reason and a column per test after the score (an LMS would\n"
                + "                    import each as an assignment); points add up exactly to the score\n"
                + "  --gradescope FILE writes a Gradescope autograder package (--out, default autograder.zip) with\n"
                + "                    these hidden tests (and any --tests) instead of grading here: setup.sh installs\n"
                + "                    a JDK 21+ and bubblewrap, run_autograder grades the one .ipynb submitted.\n"
                + "                    Defaults there: --time-limit " + Json.number(GradescopePackage.DEFAULT_TIME_LIMIT_S)
                + ", --memory " + GradescopePackage.DEFAULT_MEMORY_MB + " (Gradescope's container has 768 MB);\n"
                + "                    where bwrap cannot run, it grades without the sandbox and says so\n"
                + "\nTests are named by task in every file: grade_id.test (or TestClass.test), in the notebook's order.\n"
                + "Gradescope visibility of a hidden test cell's tests: its metadata {\"threadlab\": {\"visibility\": V}},\n"
                + "V one of hidden, after_due_date, after_published, visible (default: Gradescope's).\n";
    }
}
