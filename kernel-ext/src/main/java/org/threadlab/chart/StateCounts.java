package org.threadlab.chart;

/**
 * Average number of threads in each state per time bin, built in one pass over the intervals
 * (fractional at the ends, a difference array in between), so 100,000 threads cost O(intervals + bins).
 *
 * <p>Not thread-safe: fill, then read, on one thread.
 */
final class StateCounts {
    private final int bins;
    private final double binMs;
    private final double[][] partial;
    private final double[][] diff;

    StateCounts(int bins, double binMs) {
        this.bins = bins;
        this.binMs = binMs;
        int states = org.threadlab.record.ThreadState.values().length;
        this.partial = new double[states][bins];
        this.diff = new double[states][bins + 1];
    }

    void add(int state, double startMs, double endMs) {
        double s = Math.max(0, startMs / binMs);
        double e = Math.min(bins, endMs / binMs);
        if (e <= s) {
            return;
        }
        int i0 = (int) s;
        int i1 = (int) e;
        if (i0 == i1) {
            partial[state][Math.min(i0, bins - 1)] += e - s;
            return;
        }
        partial[state][i0] += i0 + 1 - s;
        if (i1 > i0 + 1) {
            diff[state][i0 + 1] += 1;
            diff[state][i1] -= 1;
        }
        if (i1 < bins) {
            partial[state][i1] += e - i1;
        }
    }

    /** Average threads in {@code state} for each bin. */
    double[] counts(int state) {
        double[] out = new double[bins];
        double run = 0;
        for (int b = 0; b < bins; b++) {
            run += diff[state][b];
            out[b] = run + partial[state][b];
        }
        return out;
    }
}
