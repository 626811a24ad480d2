package org.threadlab.patterns;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Split sum: sum a large range by summing sub-ranges in threads — as the source does it (start
 * both, then join both), the common mistake of joining too early, with an executor, and the
 * shared-counter race beside its fixes.
 *
 * <pre>{@code
 * SplitSumVariants.Sum serial = SplitSumVariants.joinTooEarly(100_000_000);
 * SplitSumVariants.Sum both   = SplitSumVariants.twoThreads(100_000_000);
 * System.out.println(serial.elapsed() + " vs " + both.elapsed());   // about 2x on 2 free cores
 * SplitSumVariants.Count lost = SplitSumVariants.racyCounter(2, 1_000_000);
 * System.out.println(lost.expected() + " expected, " + lost.actual() + " counted");
 * }</pre>
 *
 * <p>What is summed is {@link #term(long) term(i)} = {@code i ^ (i >>> 3)} over {@code [0, n)}:
 * cheap, CPU-bound, and with no closed form the JIT could fold the loop into, so the time grows
 * with {@code n}. In CPython the two threads would take turns (the GIL); in Java they run on
 * two cores at once.
 *
 * <p>Thread-safety: every method is self-contained and may be called concurrently.
 */
public final class SplitSumVariants {

    /** One thread's share: its sub-range, its partial sum, and when it ran ({@link System#nanoTime()}). */
    public record Part(String thread, long low, long high, long total, long startNanos, long endNanos) {
        /** True if this part and {@code other} were running at the same moment. */
        public boolean overlaps(Part other) {
            return startNanos < other.endNanos && other.startNanos < endNanos;
        }
    }

    /** A whole sum: the total, the wall time, and each thread's part. */
    public record Sum(String variant, long total, Duration elapsed, List<Part> parts) {
        /** True if any two parts ran at the same moment. */
        public boolean ranConcurrently() {
            for (int i = 0; i < parts.size(); i++) {
                for (int j = i + 1; j < parts.size(); j++) {
                    if (parts.get(i).overlaps(parts.get(j))) {
                        return true;
                    }
                }
            }
            return false;
        }
    }

    /** A counting run: how many increments there should have been and how many were counted. */
    public record Count(String variant, long expected, long actual, Duration elapsed) {
        /** Increments lost to the race (0 when the counter is safe). */
        public long lost() {
            return expected - actual;
        }
    }

    /**
     * The source's {@code SummingThread}: a {@code Thread} subclass that sums
     * {@code term(i)} for {@code low <= i < high} into {@code total}. Read {@code total} only
     * after {@code join()}: the join is what makes the thread's write visible.
     */
    public static final class SummingThread extends Thread {
        final long low;
        final long high;
        long total;
        long startNanos;
        long endNanos;

        public SummingThread(String name, long low, long high) {
            super(name);
            this.low = low;
            this.high = high;
        }

        @Override
        public void run() {
            startNanos = System.nanoTime();
            total = sumRange(low, high);
            endNanos = System.nanoTime();
        }

        /** This thread's part; call after {@code join()}. */
        public Part part() {
            return new Part(getName(), low, high, total, startNanos, endNanos);
        }
    }

    private SplitSumVariants() {
    }

    /** The value summed for {@code i}: cheap and CPU-bound, but with no closed form to fold the loop into. */
    public static long term(long i) {
        return i ^ (i >>> 3);
    }

    /** Sums {@link #term} over {@code [low, high)} on the calling thread. */
    public static long sumRange(long low, long high) {
        long total = 0;
        for (long i = low; i < high; i++) {
            total += term(i);
        }
        return total;
    }

    /**
     * A common mistake, not the source's: two {@code SummingThread}s, but the first is started
     * and <em>joined</em> before the second is started, so they run one after the other —
     * serial, with the cost of two threads and none of the gain. (The source starts both, then
     * joins both: {@link #twoThreads}.)
     */
    public static Sum joinTooEarly(long n) throws InterruptedException {
        long start = System.nanoTime();
        SummingThread thread1 = new SummingThread("summer-0", 0, n / 2);
        SummingThread thread2 = new SummingThread("summer-1", n / 2, n);
        thread1.start();  // this actually causes the thread to run
        thread1.join();   // ...and this waits for it to finish, before thread2 has begun
        thread2.start();
        thread2.join();
        return new Sum("join-too-early", thread1.total + thread2.total, since(start),
                List.of(thread1.part(), thread2.part()));
    }

    /** The fix: start both threads, then join both. Now they run at the same time. */
    public static Sum twoThreads(long n) throws InterruptedException {
        long start = System.nanoTime();
        SummingThread thread1 = new SummingThread("summer-0", 0, n / 2);
        SummingThread thread2 = new SummingThread("summer-1", n / 2, n);
        thread1.start();
        thread2.start();  // both running before we wait for either
        thread1.join();
        thread2.join();
        return new Sum("two-threads", thread1.total + thread2.total, since(start),
                List.of(thread1.part(), thread2.part()));
    }

    /**
     * The same with an {@code ExecutorService}: one task per sub-range on a fixed pool of
     * {@code threads}; each {@code Future.get()} waits for and returns one partial sum.
     */
    public static Sum withExecutor(long n, int threads) throws InterruptedException, ExecutionException {
        requirePositive("threads", threads);
        long start = System.nanoTime();
        List<Future<Part>> futures = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(threads,
                Thread.ofPlatform().name("summer-", 0).factory())) {
            for (int k = 0; k < threads; k++) {
                long low = n * k / threads;        // contiguous sub-ranges covering [0, n) exactly
                long high = n * (k + 1) / threads;
                futures.add(pool.submit(() -> {
                    long t0 = System.nanoTime();
                    long total = sumRange(low, high);
                    return new Part(Thread.currentThread().getName(), low, high, total, t0, System.nanoTime());
                }));
            }
            long total = 0;
            List<Part> parts = new ArrayList<>();
            for (Future<Part> f : futures) {
                Part p = f.get();
                parts.add(p);
                total += p.total();
            }
            return new Sum("executor", total, since(start), parts);
        }
    }

    /** A counter with no protection at all. */
    private static final class UnsafeCounter {
        // volatile only so the JIT cannot keep the count in a register for the whole loop (which
        // would hide the race); it makes each read and write visible, not the pair atomic.
        volatile long count;
    }

    /**
     * The data race: {@code threads} threads each add 1 to one shared {@code long},
     * {@code increments} times, with no lock. {@code count++} is a read, an add and a write;
     * two threads that read the same value both write value + 1, and one increment is lost.
     * Usually {@code actual < expected}; how many are lost varies from run to run, and on an
     * idle machine a run may lose none — a race that "passes" is still a race.
     */
    public static Count racyCounter(int threads, int increments) throws InterruptedException {
        UnsafeCounter counter = new UnsafeCounter();
        Duration elapsed = runCounting(threads, () -> {
            for (int i = 0; i < increments; i++) {
                long seen = counter.count;  // count++ written out: read...
                Thread.onSpinWait();        // (a few ns pause: widens the gap so the race shows at demo scale)
                counter.count = seen + 1;   // ...then write, erasing any increment made since the read
            }
        });
        return new Count("racy-counter", (long) threads * increments, counter.count, elapsed);
    }

    /** The fix for counting: a {@code LongAdder} spreads increments over cells, so threads rarely contend. Exact. */
    public static Count longAdderCounter(int threads, int increments) throws InterruptedException {
        LongAdder counter = new LongAdder();
        Duration elapsed = runCounting(threads, () -> {
            for (int i = 0; i < increments; i++) {
                counter.increment();
            }
        });
        return new Count("long-adder", (long) threads * increments, counter.sum(), elapsed);
    }

    /** Another fix: {@code AtomicLong.incrementAndGet} is one atomic read-modify-write. Exact, but threads contend on one value. */
    public static Count atomicCounter(int threads, int increments) throws InterruptedException {
        AtomicLong counter = new AtomicLong();
        Duration elapsed = runCounting(threads, () -> {
            for (int i = 0; i < increments; i++) {
                counter.incrementAndGet();
            }
        });
        return new Count("atomic", (long) threads * increments, counter.get(), elapsed);
    }

    /** Runs {@code work} on {@code threads} threads named counter-0.., released together so they overlap. */
    private static Duration runCounting(int threads, Runnable work) throws InterruptedException {
        requirePositive("threads", threads);
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> started = new ArrayList<>();
        for (int k = 0; k < threads; k++) {
            started.add(Thread.ofPlatform().name("counter-" + k).start(() -> {
                try {
                    go.await(); // start line: without it the first thread may finish before the last starts
                } catch (InterruptedException e) {
                    return;
                }
                work.run();
            }));
        }
        long start = System.nanoTime();
        go.countDown();
        for (Thread t : started) {
            t.join();
        }
        return since(start);
    }

    private static void requirePositive(String name, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be at least 1, got " + value);
        }
    }

    private static Duration since(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }
}
