package org.threadlab.record;

import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;

/**
 * The JFR events of one recording as plain values: the start mark, thread starts and ends, and
 * state events (an exact interval of one {@link ThreadState} of one thread). Times are ns since
 * the epoch, in JFR's clock.
 *
 * <pre>{@code
 * ThreadEvents e = new ThreadEvents();
 * e.mark(0);
 * e.start(new ThreadStart(21, "worker", "main", 1, "main", 1_000_000, false));
 * e.state(21, 2_000_000, 5_000_000, ThreadState.SLEEPING);
 * e.end(21, 9_000_000);
 * }</pre>
 *
 * <p>Not thread-safe: filled by one thread, then read.
 */
final class ThreadEvents {
    private static final ThreadState[] STATES = ThreadState.values();
    private long markEpochNs = Long.MIN_VALUE;
    private final Map<Long, ThreadStart> starts = new HashMap<>();
    private final Map<Long, Long> endEpochNs = new HashMap<>();
    // state events, struct-of-arrays: 100k virtual threads make 100k+ events
    private long[] thread = new long[1024];
    private long[] startNs = new long[1024];
    private long[] endNs = new long[1024];
    private byte[] state = new byte[1024];
    private int states;

    void mark(long epochNs) {
        markEpochNs = epochNs;
    }

    boolean hasMark() {
        return markEpochNs != Long.MIN_VALUE;
    }

    /** When the recorded body started, in JFR's clock. */
    long markEpochNs() {
        return markEpochNs;
    }

    /** Records a start; a later start of the same id replaces it. */
    void start(ThreadStart s) {
        starts.put(s.id(), s);
    }

    Collection<ThreadStart> starts() {
        return starts.values();
    }

    void end(long id, long epochNs) {
        endEpochNs.put(id, epochNs);
    }

    /** When thread {@code id} ended, or {@code null} if it was not seen to end. */
    Long endEpochNs(long id) {
        return endEpochNs.get(id);
    }

    /** Every end seen, by thread id (unmodifiable). */
    Map<Long, Long> ends() {
        return Collections.unmodifiableMap(endEpochNs);
    }

    void state(long threadId, long fromEpochNs, long toEpochNs, ThreadState s) {
        if (states == thread.length) {
            int n = states * 2;
            thread = Arrays.copyOf(thread, n);
            startNs = Arrays.copyOf(startNs, n);
            endNs = Arrays.copyOf(endNs, n);
            state = Arrays.copyOf(state, n);
        }
        thread[states] = threadId;
        startNs[states] = fromEpochNs;
        endNs[states] = toEpochNs;
        state[states] = (byte) s.ordinal();
        states++;
    }

    /** How many state events there are; {@code i} below runs from 0 to this. */
    int states() {
        return states;
    }

    long stateThread(int i) {
        return thread[i];
    }

    long stateStartNs(int i) {
        return startNs[i];
    }

    long stateEndNs(int i) {
        return endNs[i];
    }

    ThreadState state(int i) {
        return STATES[state[i]];
    }
}
