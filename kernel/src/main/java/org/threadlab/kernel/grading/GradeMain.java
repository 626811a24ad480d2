package org.threadlab.kernel.grading;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.threadlab.diagnosis.StuckThreads;
import org.threadlab.grade.GradePlan;
import org.threadlab.grade.GradeProtocol;
import org.threadlab.grade.GradeProtocol.Exit;
import org.threadlab.grade.GradeProtocol.Kind;
import org.threadlab.grade.GradeProtocol.State;
import org.threadlab.grade.JUnitCellSource;
import org.threadlab.grade.TestReport;
import org.threadlab.grade.TestResult;
import org.threadlab.jupyter.ThreadLabExtension;
import org.threadlab.kernel.CellException;
import org.threadlab.kernel.ThreadLabKernel;

/**
 * Grades one submission in this JVM, headless. The batch grader ({@code org.threadlab.grade.Grader})
 * starts one per submission in a sandbox, writes the path of its result channel and the plan to
 * its stdin, and kills it at its time limit.
 *
 * <p>Before any student code runs it connects to the channel (a Unix-domain socket; the grader
 * accepts that one connection only) and reads the run's key from it into native memory. Then it
 * runs the plan's student cells in a {@link ThreadLabKernel} without a Jupyter connection (errors
 * in them are noted, and grading goes on), then the hidden test cells. It writes no file: stdout
 * and stderr carry only the notebook's output; {@link GradeProtocol} frames signed with the key
 * (progress, one result per hidden test step keyed by its label, timing) go to the channel.
 *
 * <p>Why no named module: student code is in the same JVM, in unnamed modules like ours, so it
 * can reflect on every field of our classes. We keep the sender out of reach instead of behind a
 * module boundary: it lives only in this method's frame and in the lambdas of the thread
 * watchdog and the shutdown hook, which only JDK-internal fields hold (closed to unnamed modules
 * without {@code --add-opens}, which the child never gets); no static field, kernel object or
 * thread subclass of ours refers to it. The hostile batch ({@code tests/test_grading_hostile.py},
 * "reflect-sender") walks everything reachable from our classes' statics and the live threads
 * and finds no sender, channel or key. Keep it so: never store the sender in a field.
 */
public final class GradeMain {
    static final int THREAD_CAP = Integer.getInteger("threadlab.grade.maxThreads", 1000);
    /** Each cell's time limit (0: none); the grader sets it. */
    static final long CELL_LIMIT_MS = Long.getLong("threadlab.grade.cellLimitMs", 0);
    /** How long describing a failure may take: a student's toString() may never return. */
    private static final long DESCRIBE_MS = 2000;

    private GradeMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 0) {
            System.err.println("usage: GradeMain < CHANNEL-SOCKET-LINE PLAN-JSON (the batch grader starts it)");
            System.exit(Exit.BAD_INVOCATION.code);
        }
        // the plan and the socket's path are not secret; the key comes over the socket, never through the heap
        String in = new String(System.in.readAllBytes(), StandardCharsets.UTF_8);
        System.in.close();
        int nl = in.indexOf('\n');
        GradeProtocol.Sender sender;
        try {
            sender = GradeProtocol.Sender.connect(Path.of(in.substring(0, Math.max(0, nl))));
        } catch (IOException | RuntimeException e) {
            System.err.println("GradeMain: cannot reach the grader's channel: " + e.getMessage());
            System.exit(Exit.BAD_INVOCATION.code);
            return;
        }
        GradePlan plan = GradePlan.parse(in.substring(nl + 1));
        in = null;
        String[] step = {"kernel start"};
        AtomicBoolean done = new AtomicBoolean();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (!done.get()) {
                sender.send(Kind.PROGRESS, Map.of("state", State.EXITED.name(), "step", step[0]));
            }
        }));
        // a cell's System.exit ends only that cell, with an error, as in a notebook (and so in nbgrader's
        // autograde); an exit the rewriter cannot see (reflection) still ends this JVM, and the hook says so
        watchThreads(sender, step);
        PrintStream output = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
        sender.send(Kind.PROGRESS, Map.of("state", State.KERNEL_START.name(), "step", step[0]));
        System.setProperty(ThreadLabExtension.CHART_WARM_UP_PROPERTY, "false"); // headless: no chart is ever drawn
        System.setProperty(ThreadLabKernel.JSHELL_WARM_UP_PROPERTY, "false"); // the first cell runs at once
        long jvmStartMs = ManagementFactory.getRuntimeMXBean().getUptime();
        long t0 = System.nanoTime();
        ThreadLabKernel kernel = ThreadLabKernel.create(output);
        kernel.onStartup();
        long kernelMs = (System.nanoTime() - t0) / 1_000_000;
        long cellsNanos = 0;
        long testsNanos = 0;
        var timer = newTimer();
        for (GradePlan.Step s : plan.steps()) {
            step[0] = s.label();
            sender.send(Kind.PROGRESS, Map.of("state", State.RUNNING.name(), "step", s.label()));
            AtomicBoolean stopped = new AtomicBoolean();
            // only student cells: hidden tests carry their own timeouts, and the submission's limit bounds them
            var stuck = new java.util.concurrent.atomic.AtomicReference<StuckThreads.Snapshot>();
            AtomicBoolean returned = new AtomicBoolean();
            // only student cells: hidden tests carry their own timeouts, and the submission's limit bounds them
            var stop = CELL_LIMIT_MS <= 0 || s.test() ? null : timer.schedule(() -> {
                stuck.set(StuckThreads.snapshot()); // where it hangs, taken before the stop moves anything
                stopped.set(true);
                kernel.interrupt(); // stops the cell's loops and interrupts its threads
                // a cell the stop cannot end is killed at the submission's limit: say where it was while we can
                timer.schedule(() -> {
                    if (!returned.get()) {
                        sender.send(Kind.NOTE, Map.of("text", s.label() + " could not be stopped. " + whereStuck(stuck.get(), s.cell())));
                    }
                }, 3, TimeUnit.SECONDS);
            }, CELL_LIMIT_MS, TimeUnit.MILLISECONDS);
            if (!s.test()) {
                long c0 = System.nanoTime();
                try {
                    kernel.evalHeadless(s.cell(), s.code());
                } catch (Throwable e) { // an Error too (a stop, a StackOverflowError): it must not end this loop
                    String why = describe(kernel, e);
                    output.println("[" + s.label() + (stopped.get() ? " stopped" : " failed") + "] " + why);
                    if (e instanceof CellException c && c.exited()) {
                        String call = c.getMessage().substring(0, c.getMessage().indexOf(')') + 1); // "System.exit(3)"
                        sender.send(Kind.NOTE, Map.of("text", s.label() + " called " + call
                                + ": as in a notebook, that ended only the cell, with an error; grading went on"));
                    }
                }
                returned.set(true);
                cellsNanos += System.nanoTime() - c0;
                if (stop != null) {
                    stop.cancel(false);
                }
                if (stopped.get()) {
                    sender.send(Kind.NOTE, Map.of("text", s.label() + " was stopped after " + CELL_LIMIT_MS / 1000.0
                            + " s (its time limit): it never finished; grading went on. " + whereStuck(stuck.get(), s.cell())));
                }
                continue;
            }
            t0 = System.nanoTime();
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("step", s.label());
            try {
                if (s.junit()) {
                    result.put("report", runJUnit(kernel, s));
                } else {
                    kernel.evalHeadless(s.cell(), s.code());
                    result.put("report", plainTestReport(s, true, "", "", t0));
                }
            } catch (Throwable e) {
                String why = describe(kernel, e);
                if (s.junit()) {
                    result.put("error", "the hidden tests could not run against this notebook: " + why);
                } else {
                    result.put("report", plainTestReport(s, false, why, thrownByTest(e), t0));
                }
            }
            testsNanos += System.nanoTime() - t0;
            sender.send(Kind.RESULT, result);
        }
        sender.send(Kind.TIMING, Map.of("jvm_start_ms", jvmStartMs, "kernel_ms", kernelMs,
                "cells_ms", cellsNanos / 1_000_000, "tests_ms", testsNanos / 1_000_000));
        done.set(true);
        output.flush();
        sender.send(Kind.PROGRESS, Map.of("state", State.DONE.name(), "step", step[0]));
        // threads the notebook left behind must not keep this JVM alive, and its shutdown hooks must not run
        Runtime.getRuntime().halt(Exit.DONE.code);
    }

    private static java.util.concurrent.ScheduledExecutorService newTimer() {
        return java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "threadlab-grade-cell-timer");
            t.setDaemon(true);
            return t;
        });
    }

    /** Where the threads of a stopped cell were, as the feedback page quotes it: "Where its threads were: the cell at <cell> (cell [8], line 2) (waiting)". */
    private static String whereStuck(StuckThreads.Snapshot snapshot, int cell) {
        if (snapshot == null) {
            return "";
        }
        // the kernel runs a cell on a thread "cell-N"; a still-running cell's frames have no origin yet, and are this cell's
        List<String> where = StuckThreads.where(snapshot, 8).stream()
                .map(w -> w.replaceFirst("^\"cell-\\d+\" at", "the cell at").replace("(cell code)", "(cell [" + cell + "])")).toList();
        return where.isEmpty() ? "No thread was running the notebook's code: it waited for something nothing ends?"
                : "Where its threads were: " + String.join("; ", where);
    }

    /** The report of a hidden test cell that is not {@code %%junit}: all its points if it ran, none if it threw. */
    private static TestReport plainTestReport(GradePlan.Step s, boolean passed, String why, String thrown, long startNanos) {
        long ms = (System.nanoTime() - startNanos) / 1_000_000;
        TestResult r = new TestResult(s.name(), passed ? TestResult.Status.PASSED : TestResult.Status.FAILED, ms,
                passed ? s.points() : 0, s.points(), why, null, null, "", "", true, thrown);
        return new TestReport(s.label(), List.of(r));
    }

    /**
     * What failed a plain hidden test cell, for JUnit XML: empty for an assertion (JUnit's
     * {@code AssertionFailedError}, {@code assert}'s {@code AssertionError}, {@code assertAll}'s
     * {@code MultipleFailuresError}), which is a failure; else the error's name, e.g.
     * {@code NullPointerException} or {@code CompilationError} (an error).
     */
    static String thrownByTest(Throwable e) {
        String thrown = e instanceof CellException c ? c.thrownClass() : e.getClass().getName();
        return ASSERTIONS.contains(thrown) ? "" : e instanceof CellException c ? c.name() : e.getClass().getSimpleName();
    }

    private static final java.util.Set<String> ASSERTIONS = java.util.Set.of("org.opentest4j.AssertionFailedError",
            "java.lang.AssertionError", "org.opentest4j.MultipleFailuresError");

    /** A hidden {@code %%junit} step run directly, not through the magic, so no notebook-callable API sees its report. */
    private static TestReport runJUnit(ThreadLabKernel kernel, GradePlan.Step s) {
        return JUnitCellSource.runCell(s.code(), code -> kernel.evalHeadless(s.cell(), code));
    }

    /** The kernel's description of a failure, or its class name when that takes too long or fails itself. */
    private static String describe(ThreadLabKernel kernel, Throwable e) {
        CompletableFuture<String> text = new CompletableFuture<>();
        Thread t = Thread.ofPlatform().daemon().name("threadlab-grade-describe").start(() -> {
            try {
                text.complete(e instanceof Exception x ? String.join("\n", kernel.describeFailure(x)) : e.toString());
            } catch (Throwable x) {
                text.completeExceptionally(x);
            }
        });
        try {
            return text.get(DESCRIBE_MS, TimeUnit.MILLISECONDS);
        } catch (Exception x) {
            t.interrupt();
            return e.getClass().getName() + " (its message could not be read: its toString() or getMessage() "
                    + (x instanceof java.util.concurrent.TimeoutException ? "did not return" : "failed") + ")";
        }
    }

    /** Ends the JVM when the notebook starts too many threads; interrupting it does not stop it. */
    private static void watchThreads(GradeProtocol.Sender sender, String[] step) {
        Thread watchdog = new Thread(() -> {
            var mx = ManagementFactory.getThreadMXBean();
            while (true) {
                int n = mx.getThreadCount();
                if (n > THREAD_CAP) {
                    sender.send(Kind.PROGRESS, Map.of("state", State.TOO_MANY_THREADS.name(), "step", step[0],
                            "detail", "the notebook started more than " + THREAD_CAP + " threads (" + n + " live) during " + step[0]));
                    Runtime.getRuntime().halt(Exit.TOO_MANY_THREADS.code);
                }
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    // only student code interrupts it: keep watching
                }
            }
        }, "threadlab-grade-watchdog");
        watchdog.setDaemon(true);
        watchdog.setPriority(Thread.MAX_PRIORITY);
        watchdog.start();
    }
}
