package org.threadlab.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How one series of points scales with the thread count: speedup and efficiency against the
 * smallest thread count measured, and an {@link AmdahlFit}.
 *
 * <pre>{@code
 * Scaling s = result.scaling().get(0);
 * s.speedupAt(2);       // median T(1) / median T(2)
 * s.fit().serialFraction();
 * }</pre>
 *
 * <p>A series is the points that share every variable except the thread count (one series for
 * a plain {@code threads=...} sweep; one per {@code size} in {@code threads=1,2 size=10,20}).
 * Failed points are left out. speedup(n) = median T(base) / median T(n), and
 * efficiency(n) = speedup(n) / (n / base), where base is the smallest thread count (1 in the
 * usual sweep, so efficiency = speedup / n).
 *
 * <p>Thread-safety: an immutable value (array accessors return copies).
 *
 * @param series the fixed variables, e.g. {@code size=10}; empty for a single series
 * @param threads thread counts, ascending
 * @param medianMs median time per thread count
 * @param speedup per thread count
 * @param efficiency per thread count, 1 = perfect
 * @param fit Amdahl fit of the medians, or {@code null} with fewer than three usable counts ({@link AmdahlFit#whyNot})
 */
public record Scaling(String series, int[] threads, double[] medianMs, double[] speedup, double[] efficiency,
                      AmdahlFit fit) {

    public Scaling {
        threads = threads.clone();
        medianMs = medianMs.clone();
        speedup = speedup.clone();
        efficiency = efficiency.clone();
    }

    /** Groups {@code points} into series by the variables other than {@code threadVariable}. */
    public static List<Scaling> of(List<BenchPoint> points, String threadVariable, int cores) {
        Map<String, List<BenchPoint>> groups = new LinkedHashMap<>();
        for (BenchPoint p : points) {
            if (p.failed()) {
                continue;
            }
            Map<String, Object> rest = new LinkedHashMap<>(p.binding());
            rest.remove(threadVariable);
            groups.computeIfAbsent(BenchPoint.label(rest), k -> new ArrayList<>()).add(p);
        }
        List<Scaling> out = new ArrayList<>();
        groups.forEach((series, ps) -> {
            ps.sort((a, b) -> Integer.compare(threadsOf(a, threadVariable), threadsOf(b, threadVariable)));
            int n = ps.size();
            int[] t = new int[n];
            double[] med = new double[n];
            for (int i = 0; i < n; i++) {
                t[i] = threadsOf(ps.get(i), threadVariable);
                med[i] = ps.get(i).stats().median();
            }
            double[] sp = new double[n];
            double[] eff = new double[n];
            for (int i = 0; i < n; i++) {
                sp[i] = med[0] / med[i];
                eff[i] = sp[i] / ((double) t[i] / t[0]);
            }
            out.add(new Scaling(series, t, med, sp, eff, AmdahlFit.fit(t, med, cores)));
        });
        return out;
    }

    /** The speedup measured at {@code n} threads, or NaN if {@code n} was not measured. */
    public double speedupAt(int n) {
        for (int i = 0; i < threads.length; i++) {
            if (threads[i] == n) {
                return speedup[i];
            }
        }
        return Double.NaN;
    }

    /** The smallest thread count, the one speedups are measured against. */
    public int base() {
        return threads[0];
    }

    /** The speedup the Amdahl fit predicts at {@code n}, relative to {@link #base()}; NaN without a fit. */
    public double modelSpeedup(double n) {
        return fit == null ? Double.NaN : fit.time(threads[0]) / fit.time(n);
    }

    @Override
    public int[] threads() {
        return threads.clone();
    }

    @Override
    public double[] medianMs() {
        return medianMs.clone();
    }

    @Override
    public double[] speedup() {
        return speedup.clone();
    }

    @Override
    public double[] efficiency() {
        return efficiency.clone();
    }

    private static int threadsOf(BenchPoint p, String var) {
        return ((Number) p.binding().get(var)).intValue();
    }
}
