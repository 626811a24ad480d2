package org.threadlab.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.threadlab.text.Durations;
import org.threadlab.text.Html;

/**
 * A {@link BenchResult} as the table under a {@code %%bench} cell's chart, as {@code text/plain}
 * and as {@code text/html}: what ran, a row per point (median, interquartile range, min, max;
 * speedup and efficiency when there is a thread count), the Amdahl fit per series, then the
 * warnings.
 *
 * <pre>{@code
 * System.out.println(BenchTable.text(result));
 * String html = BenchTable.html(result);
 * }</pre>
 *
 * <p>Stateless and thread-safe.
 */
public final class BenchTable {
    private BenchTable() {
    }

    public static String text(BenchResult result) {
        List<String> head = heading(result);
        List<String[]> rows = new ArrayList<>();
        rows.add(head.toArray(String[]::new));
        rows.addAll(rows(result));
        int vars = result.sweep().variables().size();
        StringBuilder b = new StringBuilder(result.title()).append('\n');
        b.append(method(result)).append('\n');
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
                String cell = last && r.length < cols ? r[c] : pad(r[c], width[c], c >= vars);
                line.append(c == 0 ? "" : "  ").append(cell);
            }
            b.append(line.toString().stripTrailing()).append('\n');
        }
        for (Scaling s : result.scaling()) {
            b.append(amdahlLine(s, result.cores())).append('\n');
        }
        for (String w : result.warnings()) {
            b.append("Warning: ").append(w).append('\n');
        }
        return b.toString();
    }

    /** The same as {@link #text} in HTML: what ran, how it was measured, the table, the fit, the warnings. */
    public static String html(BenchResult result) {
        int vars = result.sweep().variables().size();
        Html.Table table = new Html.Table();
        List<String> head = heading(result);
        for (int c = 0; c < head.size(); c++) {
            table.column(head.get(c), c >= vars);
        }
        for (String[] r : rows(result)) {
            table.row(r);
        }
        StringBuilder b = new StringBuilder("<div class=\"threadlab-bench\">\n");
        b.append(Html.paragraph(Html.bold(result.title()) + "<br>" + Html.escape(method(result)))).append('\n');
        b.append(table.render()).append('\n');
        for (Scaling s : result.scaling()) {
            b.append(Html.paragraph(Html.escape(amdahlLine(s, result.cores())))).append('\n');
        }
        for (String w : result.warnings()) {
            b.append(Html.paragraph(Html.coloured("<b>Warning:</b>", "#D55E00") + " " + Html.escape(w))).append('\n');
        }
        return b.append("</div>").toString();
    }

    /** How the figures were measured, in one line. */
    private static String method(BenchResult result) {
        return String.format(Locale.ROOT, "%d run%s per point after %d warm-up; wall time per run, median and "
                + "interquartile range; %d cores", result.repeat(), result.repeat() == 1 ? "" : "s", result.warmup(),
                result.cores());
    }

    private static List<String> heading(BenchResult result) {
        List<String> head = new ArrayList<>(result.sweep().variables().stream().map(SweepVariable::name).toList());
        head.addAll(List.of("median", "q1 - q3 (IQR)", "min", "max"));
        if (result.threadVariable() != null) {
            head.addAll(List.of("speedup", "efficiency"));
        }
        return head;
    }

    /** A row per point; a failed point's row ends with its reason, spanning the figures' columns. */
    private static List<String[]> rows(BenchResult result) {
        boolean scaled = result.threadVariable() != null;
        List<Scaling> scaling = result.scaling();
        List<String[]> rows = new ArrayList<>();
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
        return rows;
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
