package org.threadlab.bench;

import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;

/**
 * The outcome at one point of a sweep: the counted run times and their summary, or why it failed.
 *
 * <pre>{@code
 * BenchPoint p = result.points().get(1);
 * p.binding();          // {threads=2}
 * p.stats().median();   // ms
 * p.unreliable();       // null, or why the spread makes the median doubtful
 * }</pre>
 *
 * <p>A failed point has no runs and no stats: the first exception, in a warm-up or counted run,
 * ends it.
 *
 * <p>Thread-safety: an immutable value ({@link #runsMs()} returns a copy).
 *
 * @param binding the variables' values at this point, in sweep order
 * @param runsMs counted run times in milliseconds, in run order; empty when failed
 * @param stats summary of {@code runsMs}, or {@code null} when failed
 * @param failure one line, the root cause ({@code ArithmeticException: / by zero}), or {@code null}
 */
public record BenchPoint(Map<String, Object> binding, double[] runsMs, Stats stats, String failure) {
    /** A point is unreliable when its slowest run exceeds this many times its fastest (as IPython's %timeit). */
    public static final double UNRELIABLE_RATIO = 4.0;
    /** ... or when its IQR exceeds this fraction of its median. */
    public static final double UNRELIABLE_IQR = 0.25;

    public BenchPoint {
        binding = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(binding));
        runsMs = runsMs.clone();
    }

    /** A point measured without failure. */
    public static BenchPoint measured(Map<String, Object> binding, double[] runsMs) {
        return new BenchPoint(binding, runsMs, Stats.of(runsMs), null);
    }

    /** A point that failed, with its one-line reason. */
    public static BenchPoint failed(Map<String, Object> binding, String failure) {
        return new BenchPoint(binding, new double[0], null, failure);
    }

    @Override
    public double[] runsMs() {
        return runsMs.clone();
    }

    public boolean failed() {
        return failure != null;
    }

    /** {@code threads=2, size=10}. */
    public String label() {
        return label(binding);
    }

    /**
     * Why this point's figure is doubtful, or {@code null}: the slowest run took more than
     * {@value #UNRELIABLE_RATIO}× the fastest, or the IQR is more than 25 % of the median.
     */
    public String unreliable() {
        if (stats == null || stats.n() < 2) {
            return null;
        }
        if (stats.maxOverMin() > UNRELIABLE_RATIO) {
            return String.format(Locale.ROOT, "%s: the slowest run took %.1f times longer than the fastest; "
                    + "the median may be unreliable (caching, GC or another process)", label(), stats.maxOverMin());
        }
        if (stats.median() > 0 && stats.iqr() / stats.median() > UNRELIABLE_IQR) {
            return String.format(Locale.ROOT, "%s: the runs spread widely (IQR is %.0f%% of the median); "
                    + "the median may be unreliable", label(), 100 * stats.iqr() / stats.median());
        }
        return null;
    }

    static String label(Map<String, Object> binding) {
        StringJoiner j = new StringJoiner(", ");
        binding.forEach((k, v) -> j.add(k + "=" + v));
        return j.toString();
    }
}
