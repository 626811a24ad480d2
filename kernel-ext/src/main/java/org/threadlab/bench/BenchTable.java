package org.threadlab.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.threadlab.text.Durations;

/**
 * A {@link BenchResult} as the {@code text/plain} table under a {@code %%bench} cell: what ran, a
 * row per point (median, interquartile range, min, max; speedup and efficiency when there is a
 * thread count), the Amdahl fit per series, then the warnings.
 *
 * <pre>{@code
 * System.out.println(BenchTable.text(result));
 * }</pre>
 *
 * <p>Stateless and thread-safe.
 */
public final class BenchTable {
    private BenchTable() {
    }

    public static String text(BenchResult result) {
        List<String> vars = result.sweep().variables().stream().map(SweepVariable::name).toList();
        boolean scaled = result.threadVariable() != null;
        List<String[]> rows = new ArrayList<>();
        List<String> head = new ArrayList<>(vars);
        head.addAll(List.of("median", "q1 - q3 (IQR)", "min", "max"));
        if (scaled) {
            head.addAll(List.of("speedup", "efficiency"));
        }
        rows.add(head.toArray(String[]::new));
        List<Scaling> scaling = result.scaling();
        for (BenchPoint p : result.points()) {
            List<String> r = new ArrayList<>();
            p.binding().values().forEach(v -> r.add(String.valueOf(v)));
            if (p.failed()) {
                r.add("FAILED: " + p.failure());
            } else {
                Stats s = p.stats();
                r.addAll(List.of(Durations.format(s.median()), Durations.format(s.q1()) + " - " + Durations.format(s.q3()),
                        Durations.format(s.min()), Durations.format(s.max())));
                if (scaled) {
                    double[] se = speedupOf(p, result.threadVariable(), scaling);
                    r.add(String.format(Locale.ROOT, "%.2fx", se[0]));
                    r.add(String.format(Locale.ROOT, "%.0f%%", 100 * se[1]));
                }
            }
            rows.add(r.toArray(String[]::new));
        }
        StringBuilder b = new StringBuilder(result.title()).append('\n');
        b.append(String.format(Locale.ROOT, "%d run%s per point after %d warm-up; wall time per run, median and "
                + "interquartile range; %d cores%n", result.repeat(), result.repeat() == 1 ? "" : "s", result.warmup(),
                result.cores()));
        int cols = head.size();
        int[] width = new int[cols];
        for (String[] r : rows) {
            for (int c = 0; c < r.length && c < cols; c++) {
                // a failure message spans the remaining columns; it does not widen them
                if (r.length == cols || c < r.length - 1) {
                    width[c] = Math.max(width[c], r[c].length());
                }
            }
        }
        for (String[] r : rows) {
            StringBuilder line = new StringBuilder();
            for (int c = 0; c < r.length; c++) {
                boolean last = c == r.length - 1;
                String cell = last && r.length < cols ? r[c] : pad(r[c], width[c], c >= vars.size());
                line.append(c == 0 ? "" : "  ").append(cell);
            }
            b.append(line.toString().stripTrailing()).append('\n');
        }
        for (Scaling s : scaling) {
            b.append(amdahlLine(s, result.cores())).append('\n');
        }
        for (String w : result.warnings()) {
            b.append("Warning: ").append(w).append('\n');
        }
        return b.toString();
    }

    static String amdahlLine(Scaling s, int cores) {
        String series = s.series().isEmpty() ? "" : " [" + s.series() + "]";
        AmdahlFit f = s.fit();
        if (f == null) {
            return "Amdahl fit" + series + ": none; it " + AmdahlFit.whyNot(s.threads(), cores) + ".";
        }
        return String.format(Locale.ROOT, "Amdahl fit%s: serial fraction f = %.3f (speedup limit 1/f = %s), "
                        + "least squares on median times, T(n) = T1(f + (1-f)/min(n, %d cores)), %d points, R² = %.3f",
                series, f.serialFraction(), f.serialFraction() > 0 ? String.format(Locale.ROOT, "%.1fx", f.limit()) : "none",
                f.cores(), f.points(), f.rSquared());
    }

    /** Speedup and efficiency of {@code p} in its series, NaN when not measured. */
    private static double[] speedupOf(BenchPoint p, String threadVariable, List<Scaling> scaling) {
        Map<String, Object> rest = new LinkedHashMap<>(p.binding());
        Object n = rest.remove(threadVariable);
        String series = BenchPoint.label(rest);
        for (Scaling s : scaling) {
            if (s.series().equals(series)) {
                int[] t = s.threads();
                for (int i = 0; i < t.length; i++) {
                    if (t[i] == ((Number) n).intValue()) {
                        return new double[] {s.speedup()[i], s.efficiency()[i]};
                    }
                }
            }
        }
        return new double[] {Double.NaN, Double.NaN};
    }

    private static String pad(String s, int w, boolean right) {
        String fill = " ".repeat(Math.max(0, w - s.length()));
        return right ? fill + s : s + fill;
    }
}
