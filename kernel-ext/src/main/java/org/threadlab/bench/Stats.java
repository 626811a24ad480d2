package org.threadlab.bench;

import java.util.Arrays;

/**
 * The five-number summary of a set of run times: minimum, lower quartile, median, upper
 * quartile, maximum.
 *
 * <pre>{@code
 * Stats s = Stats.of(12.0, 10.0, 11.0, 30.0);
 * s.median();   // 11.5
 * s.iqr();      // q3 - q1 = 15.75 - 10.75 = 5.0
 * }</pre>
 *
 * <p>Quartiles use linear interpolation between order statistics: the p-quantile of the sorted
 * values x[0..n-1] is x[h] + (h - floor(h))·(x[floor(h)+1] - x[floor(h)]) with h = (n-1)·p.
 * This is Hyndman–Fan type 7, the default of R, NumPy and Excel's {@code QUARTILE.INC}.
 * Medians and quartiles are used rather than mean ± standard deviation because run times are
 * skewed: a few slow runs (GC, another process) should not move the figure.
 *
 * <p>Thread-safety: an immutable value.
 */
public record Stats(int n, double min, double q1, double median, double q3, double max) {

    /** Summarises {@code values} (not modified). @throws IllegalArgumentException if empty */
    public static Stats of(double... values) {
        if (values.length == 0) {
            throw new IllegalArgumentException("no values to summarise");
        }
        double[] x = values.clone();
        Arrays.sort(x);
        return new Stats(x.length, x[0], quantile(x, 0.25), quantile(x, 0.5), quantile(x, 0.75), x[x.length - 1]);
    }

    /** The type-7 {@code p}-quantile of already sorted values, {@code 0 <= p <= 1}. */
    public static double quantile(double[] sorted, double p) {
        if (sorted.length == 0 || p < 0 || p > 1) {
            throw new IllegalArgumentException("need values and 0 <= p <= 1");
        }
        double h = (sorted.length - 1) * p;
        int lo = (int) Math.floor(h);
        int hi = Math.min(lo + 1, sorted.length - 1);
        return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
    }

    /** Interquartile range, q3 - q1: the spread of the middle half of the runs. */
    public double iqr() {
        return q3 - q1;
    }

    /** Slowest over fastest run; 1 when all runs took the same time. */
    public double maxOverMin() {
        return min > 0 ? max / min : (max > 0 ? Double.POSITIVE_INFINITY : 1);
    }
}
