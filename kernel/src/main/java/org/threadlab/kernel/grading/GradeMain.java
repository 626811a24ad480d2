package org.threadlab.kernel.grading;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.threadlab.ThreadLab;
import org.threadlab.grade.GradePlan;
import org.threadlab.grade.TestReport;
import org.threadlab.grade.TestResult;
import org.threadlab.json.Json;
import org.threadlab.jupyter.ThreadLabExtension;
import org.threadlab.kernel.SystemExit;
import org.threadlab.kernel.ThreadLabKernel;

/**
 * Grades one submission in this JVM, headless: {@code GradeMain PLAN.json WORK_DIR}. The batch
 * grader ({@code org.threadlab.grade.Grader}) starts one per submission with a memory limit and
 * kills it at its time limit.
 *
 * <p>It runs the plan's student cells in a {@link ThreadLabKernel} without a Jupyter
 * connection (errors in them are noted, and grading goes on), then the hidden test cells. In
 * {@code WORK_DIR} it writes:
 * <ul>
 *   <li>{@code progress} — the step now running, rewritten before each step, "done" at the end,
 *       or why the JVM ended early ("exit: ..." from a shutdown hook when a cell called
 *       {@code System.exit}, "threads: ..." from the thread watchdog);</li>
 *   <li>{@code results} — per hidden test step a line: {@code R <TestReport JSON>} or
 *       {@code E <JSON string: why the step failed>};</li>
 *   <li>{@code timing} — {@code jvm_start_ms=… kernel_ms=… cells_ms=… tests_ms=…};</li>
 *   <li>{@code output.txt} — what the cells printed, capped at {@value #OUTPUT_CAP} bytes.</li>
 * </ul>
 */
public final class GradeMain {
    static final int OUTPUT_CAP = 256 * 1024;
    static final int THREAD_CAP = Integer.getInteger("threadlab.grade.maxThreads", 1000);

    private GradeMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: GradeMain PLAN.json WORK_DIR");
            System.exit(2);
        }
        GradePlan plan = GradePlan.read(Path.of(args[0]));
        Path work = Path.of(args[1]);
        Path progress = work.resolve("progress");
        Path results = work.resolve("results");
        Files.writeString(results, "");
        String[] step = {"kernel start"};
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (!DONE.get()) {
                write(progress, "exit: the notebook called System.exit during " + step[0]);
            }
        }));
        // a submission runs as a program: its System.exit ends this JVM, and the hook above says so
        SystemExit.letExitsEndTheProcess();
        watchThreads(progress, step);
        PrintStream output = new PrintStream(new CappedFile(work.resolve("output.txt"), OUTPUT_CAP), true, StandardCharsets.UTF_8);
        write(progress, "running: kernel start");
        System.setProperty(ThreadLabExtension.CHART_WARM_UP_PROPERTY, "false"); // headless: no chart is ever drawn
        long jvmStartMs = ManagementFactory.getRuntimeMXBean().getUptime();
        long t0 = System.nanoTime();
        ThreadLabKernel kernel = ThreadLabKernel.create(output);
        kernel.onStartup();
        long kernelMs = (System.nanoTime() - t0) / 1_000_000;
        long cellsNanos = 0;
        long testsNanos = 0;
        int cellNumber = 0;
        for (GradePlan.Step s : plan.steps()) {
            step[0] = s.label();
            write(progress, "running: " + s.label());
            cellNumber++;
            if (!s.test()) {
                long c0 = System.nanoTime();
                try {
                    kernel.evalHeadless(cellNumber, s.code());
                } catch (Exception e) {
                    output.println("[" + s.label() + " failed] " + String.join("\n", kernel.describeFailure(e)));
                }
                cellsNanos += System.nanoTime() - c0;
                write(work.resolve("timing"), "jvm_start_ms=" + jvmStartMs + " kernel_ms=" + kernelMs + " cells_ms=" + cellsNanos / 1_000_000);
                continue;
            }
            ThreadLab.rememberJUnit(null);
            String error = null;
            t0 = System.nanoTime();
            try {
                kernel.evalHeadless(cellNumber, s.code());
            } catch (Exception e) {
                error = String.join("\n", kernel.describeFailure(e));
            }
            long ms = (System.nanoTime() - t0) / 1_000_000;
            testsNanos += System.nanoTime() - t0;
            String line;
            if (s.junit()) {
                TestReport report = ThreadLab.lastJUnit();
                line = report != null ? "R " + report.toJson().replace("\n", " ")
                        : "E " + Json.quote("the hidden tests could not run against this notebook: " + error);
            } else {
                TestResult r = error == null
                        ? new TestResult(s.name(), TestResult.Status.PASSED, ms, s.points(), s.points(), "", null, null, "")
                        : new TestResult(s.name(), TestResult.Status.FAILED, ms, 0, s.points(), error, null, null, "");
                line = "R " + new TestReport(s.label(), List.of(r)).toJson().replace("\n", " ");
            }
            Files.writeString(results, line + "\n", StandardOpenOption.APPEND);
        }
        write(work.resolve("timing"), "jvm_start_ms=" + jvmStartMs + " kernel_ms=" + kernelMs + " cells_ms="
                + cellsNanos / 1_000_000 + " tests_ms=" + testsNanos / 1_000_000);
        DONE.set(true);
        write(progress, "done");
        output.flush();
        // threads the notebook left behind must not keep this JVM alive, and its shutdown hooks must not run
        Runtime.getRuntime().halt(0);
    }

    private static final AtomicBoolean DONE = new AtomicBoolean();

    private static void watchThreads(Path progress, String[] step) {
        Thread watchdog = new Thread(() -> {
            var mx = ManagementFactory.getThreadMXBean();
            while (true) {
                int n = mx.getThreadCount();
                if (n > THREAD_CAP) {
                    write(progress, "threads: the notebook started more than " + THREAD_CAP + " threads (" + n
                            + " live) during " + step[0]);
                    Runtime.getRuntime().halt(4);
                }
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "threadlab-grade-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
    }

    private static void write(Path file, String text) {
        try {
            Files.writeString(file, text);
        } catch (IOException e) {
            // the grader then reports the last state it could read
        }
    }

    /** A file that takes at most {@code cap} bytes, then notes that the rest was dropped. */
    private static final class CappedFile extends OutputStream {
        private final OutputStream out;
        private final int cap;
        private long written;

        CappedFile(Path file, int cap) throws IOException {
            this.out = Files.newOutputStream(file);
            this.cap = cap;
        }

        @Override
        public synchronized void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) throws IOException {
            if (written >= cap) {
                written += len;
                return;
            }
            int n = (int) Math.min(len, cap - written);
            out.write(b, off, n);
            written += len;
            if (written >= cap) {
                out.write("\n[output cut here: more than 256 KB]\n".getBytes(StandardCharsets.UTF_8));
            }
            out.flush();
        }

        @Override
        public synchronized void flush() throws IOException {
            out.flush();
        }
    }
}
