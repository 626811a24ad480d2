package org.threadlab.grade;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntFunction;
import java.util.stream.Collectors;
import org.opentest4j.AssertionFailedError;
import org.threadlab.diagnosis.StuckThreads;
import org.threadlab.record.Recorder;
import org.threadlab.record.Recording;
import org.threadlab.record.Sightings;
import org.threadlab.record.ThreadRecord;
import org.threadlab.text.Durations;

/**
 * Assertions about concurrency, for JUnit tests in {@code %%junit} cells and for the grader.
 *
 * <pre>{@code
 * import static org.threadlab.grade.Concurrency.*;
 *
 * assertRanConcurrently(2, () -> SplitSum.sum(0, 50_000_000L, 4));
 * assertNoThreadLeftBehind(() -> Pool.drain(queue, 4));
 * assertFinishesWithin(Duration.ofSeconds(2), () -> Bank.transferBothWays());
 * long total = assertSameResult(10, () -> Counter.countTo(100_000, 4));
 * assertSpeedup(1.5, 2, n -> () -> SplitSum.sum(0, 400_000_000L, n));
 * }</pre>
 *
 * <p>Each failure is an {@link AssertionFailedError} whose message says what was measured and
 * what to look at, in words a student can act on. What a body throws is rethrown unchanged.
 *
 * <p>Thread-safety: every method may be called from any thread; calls are independent, but
 * timing assertions measure the whole machine, so run them one at a time.
 */
public class Concurrency extends org.junit.jupiter.api.Assertions {
    /** Written by the jitter thread so its busy loop is not optimised away. */
    private static volatile long sink;

    /** Virtual threads' overlaps shorter than this do not count (see {@link #countedEndMs}). */
    static final double OVERLAP_TOLERANCE_MS = 0.5;
    /** How often {@link #assertRanConcurrently} lists the live threads: finer than the recorder's default, so short threads are seen. */
    static final Duration SIGHTING_POLL = Duration.ofMillis(1);
    /** How long {@link #assertNoThreadLeftBehind} waits for threads that are already on their way out. */
    static final Duration LEAK_GRACE = Duration.ofMillis(300);

    /** For test classes only: {@code %%junit} makes them extend this, so its helpers are members. */
    protected Concurrency() {
    }

    // ---- ran concurrently ------------------------------------------------------------------------

    /**
     * Runs {@code body} under the recorder and asserts that at least {@code k} of the threads it
     * started (directly or through an executor) were alive at the same moment, judged on evidence
     * that needs no end timestamp:
     * <ul>
     * <li><b>Platform threads</b> count together only when one poll of the JVM's live threads saw
     * them all. The recorder polls every {@link #SIGHTING_POLL} with {@code ThreadMXBean.getAllThreadIds},
     * which lists the threads of one snapshot and leaves out a thread already exiting; a thread is
     * exiting before {@code join()} on it returns. So threads seen together were alive together,
     * and a thread started after another was joined is never seen with it: start-join-start-join
     * always fails, however late JFR stamps a thread's end (by 8.6 ms once, on the JVM's first
     * use of JFR; up to 16.7 ms in fresh JVMs at load 10). Threads alive together for a few polls
     * (a few ms: short CPU-bound parts, threads sleeping or waiting together) are seen; threads
     * alive together for less than that may be missed, more so on a loaded machine, where a poll
     * can come tens of ms late; the message then names the threads never seen.
     * <li><b>Virtual threads</b> are not in that list. They count together when their JFR lives
     * overlap, each from its start to two thirds of its recorded life (at least
     * {@value #OVERLAP_TOLERANCE_MS} ms shorter): a virtual thread commits its own end event before
     * it terminates, so before {@code join()} returns, and the trimmed tail is a margin on top.
     * A platform and a virtual thread never count together.
     * </ul>
     * So this holds for threads that could run in parallel, whether or not the machine had a free
     * core for each at that moment; it fails for threads started and joined one after the other.
     *
     * @return the recording, for further checks
     */
    public static Recording assertRanConcurrently(int k, ThrowingRunnable body) throws Throwable {
        if (k < 2) {
            throw new IllegalArgumentException("assertRanConcurrently needs k >= 2, got " + k);
        }
        Recorder recorder = new Recorder(Recorder.Options.defaults().withPollInterval(SIGHTING_POLL));
        Recording r = recorder.record("assertRanConcurrently", () -> {
            try {
                body.run();
            } catch (Exception | Error e) {
                throw e;
            } catch (Throwable t) {
                throw new RuntimeException(t);
            }
            return null;
        });
        if (r.failure().isPresent()) {
            throw r.failure().get();
        }
        assertAliveTogether(k, r);
        return r;
    }

    /** The judgement of {@link #assertRanConcurrently} on a recording already made. */
    static void assertAliveTogether(int k, Recording r) {
        List<ThreadRecord> threads = r.threads();
        int most = mostAliveTogether(r);
        if (most >= k) {
            return;
        }
        String names = threads.stream().limit(8).map(t -> describe(t, r.sightings())).collect(Collectors.joining(", "));
        boolean anyPlatform = threads.stream().anyMatch(t -> !t.virtual());
        boolean anyVirtual = threads.stream().anyMatch(ThreadRecord::virtual);
        String how = (anyPlatform ? "platform threads count together only when one look at the JVM's live threads"
                + " (every " + Durations.format(SIGHTING_POLL) + ") saw them all; a joined thread is no longer listed" : "")
                + (anyPlatform && anyVirtual ? "; " : "")
                + (anyVirtual ? "virtual threads count from their start to two thirds of their recorded life" : "");
        String what = threads.isEmpty() ? "it started no threads at all"
                : threads.size() == 1 ? "it started only 1 thread (" + names + ")"
                : "it started " + threads.size() + " threads, but "
                        + (most <= 1 ? "no two of them" : "at most " + most + " of them") + " were alive at the same time ("
                        + names + (threads.size() > 8 ? ", …" : "") + "; " + how + ")";
        throw new AssertionFailedError("expected at least " + k + " threads running at the same time; " + what
                + (threads.size() < 2 ? ". Split the work between several threads (new Thread(...), or an ExecutorService) and start them all."
                        : ". Are you joining each thread right after starting it? Start them all first, then join them."));
    }

    /** A thread as the failure message shows it: when it was seen alive, or its counted life if virtual. */
    private static String describe(ThreadRecord t, Sightings seen) {
        if (t.virtual()) {
            return t.label() + " " + Durations.format(t.startMs()) + "–" + Durations.format(countedEndMs(t));
        }
        int n = seen.timesSeen(t.index());
        if (n == 0) {
            return t.label() + " never seen alive (no poll came while it lived)";
        }
        return n == 1 ? t.label() + " seen at " + Durations.format(seen.firstSeenMs(t.index()))
                : t.label() + " seen " + Durations.format(seen.firstSeenMs(t.index())) + "–" + Durations.format(seen.lastSeenMs(t.index()));
    }

    /**
     * The most threads of {@code r} alive together: platform threads seen by one poll, or virtual
     * threads whose counted lives overlap, whichever is more.
     */
    static int mostAliveTogether(Recording r) {
        // only platform lanes are ever listed; the filter keeps hand-made recordings to the same rule
        int platform = r.sightings().mostSeenTogether(lane -> !r.threads().get(lane).virtual());
        return Math.max(platform, maxOverlap(r.threads().stream().filter(ThreadRecord::virtual).toList()));
    }

    /** The most threads alive at one instant by their JFR lives, counting only overlaps longer than the tolerance. */
    static int maxOverlap(List<ThreadRecord> threads) {
        List<double[]> events = new ArrayList<>();
        for (ThreadRecord t : threads) {
            double end = countedEndMs(t);
            if (end > t.startMs()) {
                events.add(new double[] {t.startMs(), 1});
                events.add(new double[] {end, -1});
            }
        }
        // ends before starts at the same instant: touching is not overlapping
        events.sort((a, b) -> a[0] != b[0] ? Double.compare(a[0], b[0]) : Double.compare(a[1], b[1]));
        int alive = 0;
        int most = 0;
        for (double[] e : events) {
            alive += (int) e[1];
            most = Math.max(most, alive);
        }
        return most;
    }

    /**
     * Where a virtual thread's JFR life stops counting: its last third, and at least the tolerance,
     * does not count, a margin against a late end stamp.
     */
    static double countedEndMs(ThreadRecord t) {
        return t.endMs() - Math.max(OVERLAP_TOLERANCE_MS, (t.endMs() - t.startMs()) / 3);
    }

    // ---- no thread left behind -------------------------------------------------------------------

    /**
     * Runs {@code body} and asserts that no non-daemon thread it started is still alive
     * {@link #LEAK_GRACE} after it returned. Such threads keep a program from exiting: pools
     * that were never shut down, workers waiting on a queue nobody fills. Daemon and virtual
     * threads do not count.
     */
    public static void assertNoThreadLeftBehind(ThrowingRunnable body) throws Throwable {
        long newest = newestThreadId();
        body.run();
        long until = System.nanoTime() + LEAK_GRACE.toNanos();
        List<Thread> left = leftBehind(newest);
        while (!left.isEmpty() && System.nanoTime() < until) {
            Thread.sleep(10);
            left = leftBehind(newest);
        }
        if (!left.isEmpty()) {
            String names = left.stream().map(t -> "\"" + t.getName() + "\" (" + t.getState().toString().toLowerCase() + ")")
                    .collect(Collectors.joining(", "));
            throw new AssertionFailedError(left.size() + (left.size() == 1 ? " thread was" : " threads were")
                    + " left running after it returned: " + names
                    + ". Shut executors down (shutdown()/close()), tell workers to stop, and join them before returning.");
        }
    }

    private static long newestThreadId() {
        // thread ids grow monotonically: anything started later has a larger id
        return Thread.ofPlatform().unstarted(() -> { }).threadId();
    }

    private static List<Thread> leftBehind(long newest) {
        List<Thread> left = new ArrayList<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.threadId() > newest && t.isAlive() && !t.isDaemon() && !t.isVirtual()) {
                left.add(t);
            }
        }
        left.sort((a, b) -> Long.compare(a.threadId(), b.threadId()));
        return left;
    }

    // ---- finishes within -------------------------------------------------------------------------

    /**
     * The cycle of a deadlock in this JVM, in words ("worker-1 holds … and waits for …, held by
     * worker-2, …"), or null when there is none; for notebook cells, which import this class's
     * statics. The diagnosis itself is {@link StuckThreads#deadlock()}.
     */
    public static String describeDeadlock() {
        return StuckThreads.deadlock();
    }

    /**
     * Runs {@code body} on a thread of its own and asserts it returns within {@code limit}.
     * If it does not, the message names a deadlock with its cycle when there is one ("worker-1
     * holds Object@1b6d3586 and waits for Object@4554617c, held by worker-2, which waits for
     * Object@1b6d3586, held by worker-1"), else where the body is stuck; then the body's thread
     * and the deadlocked threads are interrupted (threads blocked on a monitor cannot be freed).
     */
    public static void assertFinishesWithin(Duration limit, ThrowingRunnable body) throws Throwable {
        Objects.requireNonNull(limit, "limit");
        AtomicReference<Throwable> failure = new AtomicReference<>();
        long before = newestThreadId();
        Thread runner = Thread.ofPlatform().daemon().name("graded-body").unstarted(() -> {
            try {
                body.run();
            } catch (Throwable t) {
                failure.set(t);
            }
        });
        runner.start();
        runner.join(Math.max(1, limit.toMillis()));
        if (runner.isAlive()) {
            String deadlock = StuckThreads.deadlock(before);
            String message;
            if (deadlock != null) {
                message = "did not finish within " + Durations.format(limit) + ": deadlock — " + deadlock
                        + ". Take the locks in the same order everywhere (or use one lock, or tryLock with a timeout).";
            } else {
                message = "did not finish within " + Durations.format(limit) + "; it was still running at "
                        + StuckThreads.whereStuck(runner) + ". Look for a join, wait or take() that nothing ends, or a loop that never stops.";
            }
            runner.interrupt();
            StuckThreads.interruptDeadlocked();
            throw new AssertionFailedError(message);
        }
        if (failure.get() != null) {
            throw failure.get();
        }
    }

    // ---- same result -----------------------------------------------------------------------------

    /**
     * Calls {@code body} {@code runs} times and asserts every call returned an equal result;
     * returns that result. To flush out races, runs after the first are jittered: a random
     * pause of 0–2 ms before each, and a background thread that keeps yielding and spinning
     * for the whole time, so the body's threads are preempted at varying points.
     */
    public static <T> T assertSameResult(int runs, Callable<T> body) throws Exception {
        if (runs < 2) {
            throw new IllegalArgumentException("assertSameResult needs runs >= 2, got " + runs);
        }
        Map<Object, Integer> counts = new LinkedHashMap<>();
        T first = null;
        AtomicBoolean jitter = new AtomicBoolean(true);
        Random random = new Random(42);
        Thread noise = Thread.ofPlatform().daemon().name("threadlab-jitter").start(() -> {
            long x = 0;
            while (jitter.get()) {
                for (int i = 0; i < 20_000; i++) {
                    x += i * 31L;
                }
                Thread.yield();
            }
            sink = x; // keeps the JIT from dropping the loop
        });
        try {
            for (int i = 0; i < runs; i++) {
                if (i > 0) {
                    java.util.concurrent.locks.LockSupport.parkNanos(random.nextInt(2_000_000));
                }
                T value = body.call();
                if (i == 0) {
                    first = value;
                }
                counts.merge(value, 1, Integer::sum);
            }
        } finally {
            jitter.set(false);
            noise.join();
        }
        if (counts.size() > 1) {
            String values = counts.entrySet().stream().limit(5)
                    .map(e -> e.getKey() + " (" + e.getValue() + (e.getValue() == 1 ? " time)" : " times)"))
                    .collect(Collectors.joining(", "));
            throw new AssertionFailedError("expected the same result on every run, but " + runs + " runs gave "
                    + counts.size() + " different results: " + values + (counts.size() > 5 ? ", …" : "")
                    + ". A result that changes from run to run points to a race: threads updating shared state"
                    + " without synchronization (use synchronized, an AtomicLong/LongAdder, or give each thread its own part).",
                    first, counts.keySet().stream().skip(1).findFirst().orElse(null));
        }
        return first;
    }

    // ---- speedup ---------------------------------------------------------------------------------

    /**
     * Asserts that {@code body.apply(n)} runs at least {@code atLeast} times faster than
     * {@code body.apply(1)}, comparing the median of 3 timed runs each after one warm-up run.
     * It measures the machine: keep it out of graders that run several submissions on few cores.
     *
     * @return the measured speedup
     */
    public static double assertSpeedup(double atLeast, int n, IntFunction<ThrowingRunnable> body) throws Throwable {
        if (n < 2) {
            throw new IllegalArgumentException("assertSpeedup needs n >= 2 threads, got " + n);
        }
        int cores = Runtime.getRuntime().availableProcessors();
        double one = medianMs(body.apply(1));
        double many = medianMs(body.apply(n));
        double speedup = one / Math.max(many, 1e-3);
        if (speedup < atLeast) {
            throw new AssertionFailedError(String.format(java.util.Locale.ROOT,
                    "expected at least %.2f× faster with %d threads than with 1, but measured %.2f× (1 thread: %s, %d threads: %s, %d cores)."
                            + " Is the work really split between the threads, and do they avoid a shared lock?",
                    atLeast, n, speedup, Durations.format(one), n, Durations.format(many), cores));
        }
        return speedup;
    }

    private static double medianMs(ThrowingRunnable r) throws Throwable {
        r.run(); // warm-up
        double[] t = new double[3];
        for (int i = 0; i < t.length; i++) {
            long t0 = System.nanoTime();
            r.run();
            t[i] = (System.nanoTime() - t0) / 1e6;
        }
        Arrays.sort(t);
        return t[1];
    }

}
