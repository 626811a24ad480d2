package org.threadlab.record;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Hand-built recordings with known content, for renderer tests that must not depend on timing. */
public final class Recordings {
    private Recordings() {
    }

    /**
     * One platform thread per state, alive 100..900 ms of a 1000 ms recording and in that state
     * throughout, plus a "mixed" thread: running 0..300, blocked 300..600, sleeping 600..1000.
     * Two cores busy in the first half, none in the second.
     */
    public static Recording onePerState() {
        List<ThreadRecord> threads = new ArrayList<>();
        List<Interval> intervals = new ArrayList<>();
        ThreadState[] states = ThreadState.values();
        for (int i = 0; i < states.length; i++) {
            threads.add(new ThreadRecord(i, 100 + i, "t-" + states[i].label(), "t-" + states[i].label(), false, 1,
                    "main", 100, 900, true, 1_000_000));
            intervals.add(new Interval(i, states[i], 100, 900));
        }
        int m = states.length;
        threads.add(new ThreadRecord(m, 200, "mixed", "mixed", false, 100, "t-running", 0, 1000, false, 300_000_000));
        intervals.add(new Interval(m, ThreadState.RUNNING, 0, 300));
        intervals.add(new Interval(m, ThreadState.BLOCKED, 300, 600));
        intervals.add(new Interval(m, ThreadState.SLEEPING, 600, 1000));
        Utilization u = new Utilization(new double[] {0, 500}, new double[] {500, 1000}, new double[] {2, 0}, 2);
        return new Recording("one per state", Instant.parse("2025-01-01T00:00:00Z"), 1000, threads, intervals, u, 0,
                null, false);
    }

    /** {@link #onePerState()}, with the JVM's own threads busy on one core in the second half, when the cell's were idle. */
    public static Recording jvmBusyInTheSecondHalf() {
        Recording r = onePerState();
        Utilization u = new Utilization(new double[] {0, 500}, new double[] {500, 1000}, new double[] {1, 0},
                new double[] {0, 1}, 2);
        return new Recording(r.title(), Instant.parse("2025-01-01T00:00:00Z"), 1000, r.threads(), r.intervals(), u, 0,
                null, false);
    }

    /**
     * What {@code %%threads} records for a cell that starts no thread: the kernel's cell thread,
     * unknown for 0.2 ms of a 6 ms recording, and the polls' busy cores, each a different height.
     */
    public static Recording emptyCell() {
        List<ThreadRecord> threads = List.of(new ThreadRecord(0, 31, "threadlab-cell-3", "threadlab-cell-3", false, 1,
                "main", 4.1, 4.3, true, -1));
        List<Interval> intervals = List.of(new Interval(0, ThreadState.UNKNOWN, 4.1, 4.3));
        int polls = 12;
        double[] start = new double[polls];
        double[] end = new double[polls];
        double[] busy = new double[polls];
        double[] jvm = new double[polls];
        for (int i = 0; i < polls; i++) {
            start[i] = i * 0.5;
            end[i] = (i + 1) * 0.5;
            busy[i] = (i * 7 % 5) * 0.21;
            jvm[i] = (i * 3 % 4) * 0.17;
        }
        return new Recording("%%threads: int x = 1 + 1;", Instant.EPOCH, 6, threads, intervals,
                new Utilization(start, end, busy, jvm, 2), 0, null, false);
    }

    /** {@code n} virtual threads: running-unknown 0..400 ms, sleeping 400..800, of a 1000 ms recording. */
    public static Recording manyVirtual(int n) {
        List<ThreadRecord> threads = new ArrayList<>(n);
        List<Interval> intervals = new ArrayList<>(2 * n);
        for (int i = 0; i < n; i++) {
            threads.add(new ThreadRecord(i, 1000 + i, "", "virtual#" + (1000 + i), true, -1, null, 0, 800, true, -1));
            intervals.add(new Interval(i, ThreadState.UNKNOWN, 0, 400));
            intervals.add(new Interval(i, ThreadState.SLEEPING, 400, 800));
        }
        Utilization u = new Utilization(new double[] {0}, new double[] {1000}, new double[] {1}, 2);
        return new Recording("many virtual", Instant.EPOCH, 1000, threads, intervals, u, 500, null, false);
    }
}
