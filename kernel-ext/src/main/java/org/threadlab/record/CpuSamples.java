package org.threadlab.record;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * What {@link CpuSampler} measured, as plain values: when each poll ran, each platform thread's
 * cumulative CPU time (and sometimes its Java state) at the polls it was alive for, and the
 * blocking call a thread was in when the recording ended.
 *
 * <pre>{@code
 * CpuSamples s = new CpuSamples();
 * int p0 = s.addPoll(0), p1 = s.addPoll(5_000_000);  // System.nanoTime() of each poll
 * s.seriesFor(21).add(p0, 0);
 * s.seriesFor(21).add(p1, 2_500_000);                 // thread 21 ran half of that window
 * }</pre>
 *
 * <p>Not thread-safe: written by one thread (the sampler's), read once it has stopped.
 */
final class CpuSamples {
    /** {@link Series#state} where the state was not sampled. */
    static final byte NOT_SAMPLED = -1;
    private static final Thread.State[] JAVA_STATES = Thread.State.values();

    /**
     * CPU samples of one thread: poll index, cumulative CPU ns, and the {@link Thread.State}
     * ordinal at that poll or {@link #NOT_SAMPLED} (sampled only where CPU did not advance,
     * and at the last poll).
     */
    static final class Series {
        int[] poll = new int[64];
        long[] cpu = new long[64];
        byte[] state = new byte[64];
        int n;

        void add(int pollIndex, long cpuNanos) {
            if (n == poll.length) {
                poll = Arrays.copyOf(poll, n * 2);
                cpu = Arrays.copyOf(cpu, n * 2);
                state = Arrays.copyOf(state, n * 2);
            }
            poll[n] = pollIndex;
            cpu[n] = cpuNanos;
            state[n] = NOT_SAMPLED;
            n++;
        }

        /** Whether CPU did not advance up to sample {@code k} (a new thread starts at 0 CPU). */
        boolean flat(int k) {
            return cpu[k] == (k == 0 ? 0 : cpu[k - 1]);
        }

        /** The state sampled at sample {@code k}, or {@code null}. */
        Thread.State stateAt(int k) {
            return state[k] == NOT_SAMPLED ? null : JAVA_STATES[state[k]];
        }
    }

    private final Map<Long, Series> series = new HashMap<>();
    private long[] pollNanos = new long[256];
    private long[] processCpuNanos = new long[256];
    private int polls;
    private final Map<Long, ThreadState> finalBlocking = new HashMap<>();

    /** Adds a poll at {@code nanos} ({@link System#nanoTime()}), the process's CPU not known; returns its index. */
    int addPoll(long nanos) {
        return addPoll(nanos, -1);
    }

    /** Adds a poll at {@code nanos} when the whole process had used {@code processCpuNanos} (-1: not known). */
    int addPoll(long nanos, long processCpuNanos) {
        if (polls == pollNanos.length) {
            pollNanos = Arrays.copyOf(pollNanos, polls * 2);
            this.processCpuNanos = Arrays.copyOf(this.processCpuNanos, polls * 2);
        }
        pollNanos[polls] = nanos;
        this.processCpuNanos[polls] = processCpuNanos;
        return polls++;
    }

    /** The process's cumulative CPU ns (every thread, the JVM's own included) at poll {@code i}, or -1. */
    long processCpuNanos(int i) {
        return processCpuNanos[i];
    }

    int polls() {
        return polls;
    }

    long pollNanos(int i) {
        return pollNanos[i];
    }

    /** The series of thread {@code id}, made empty the first time. */
    Series seriesFor(long id) {
        return series.computeIfAbsent(id, k -> new Series());
    }

    /** The CPU series of platform thread {@code id}, or {@code null} if it was never seen alive. */
    Series series(long id) {
        return series.get(id);
    }

    void finalBlocking(long id, ThreadState state) {
        finalBlocking.put(id, state);
    }

    /**
     * The blocking call platform thread {@code id} was in from the last poll to the end of the
     * recording (sleeping, waiting or blocked, by its top frame), or {@code null} if none is known.
     */
    ThreadState finalBlocking(long id) {
        return finalBlocking.get(id);
    }
}
