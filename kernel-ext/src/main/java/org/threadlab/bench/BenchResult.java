package org.threadlab.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.StringJoiner;

/**
 * What a benchmark measured: one {@link BenchPoint} per sweep point, plus scaling with the
 * thread count when the sweep has one. A plain value; {@link #table()}, {@link #toCsv()} and
 * {@code org.threadlab.chart.BenchChart} are renderers of it.
 *
 * <pre>{@code
 * BenchResult r = new BenchRunner().run(BenchOptions.parse("threads=1,2"), body);
 * r.speedup(2);             // median T(1) / median T(2)
 * System.out.println(r.table());
 * r.writeCsv(Path.of("runs.csv"));
 * }</pre>
 *
 * <p>CSV: one row per counted run, header {@code param,value,run,ms}; {@code param} is the
 * variable name and {@code value} its value, and for a grid both are joined with {@code ;} in
 * sweep order ({@code threads;size}, {@code 2;1000}); {@code run} counts from 1; {@code ms} has
 * microsecond precision. Failed points have no rows (they appear in the table).
 *
 * <p>Thread-safety: an immutable value.
 *
 * @param title what ran, for titles; never null
 * @param sweep the sweep that was run
 * @param points one per sweep point, in sweep order
 * @param warmup warm-up runs per point
 * @param repeat counted runs per point
 * @param cores {@code Runtime.availableProcessors()} when it ran
 * @param cancelled whether it was cancelled or interrupted before the end (unrun points are failed)
 */
public record BenchResult(String title, Sweep sweep, List<BenchPoint> points, int warmup, int repeat, int cores,
                          boolean cancelled) {

    public BenchResult {
        points = List.copyOf(points);
        title = title == null || title.isBlank() ? "%%bench " + sweep : title;
    }

    /** The thread-count variable's name, or {@code null}. */
    public String threadVariable() {
        return sweep.threadVariable();
    }

    /** Speedup and efficiency per series; empty without a thread-count variable. */
    public List<Scaling> scaling() {
        return threadVariable() == null ? List.of() : Scaling.of(points, threadVariable(), cores);
    }

    /** Speedup at {@code n} threads in the first series; NaN when not measured. */
    public double speedup(int n) {
        List<Scaling> s = scaling();
        return s.isEmpty() ? Double.NaN : s.get(0).speedupAt(n);
    }

    /** The points that failed. */
    public List<BenchPoint> failures() {
        return points.stream().filter(BenchPoint::failed).toList();
    }

    /** One sentence per unreliable point (see {@link BenchPoint#unreliable()}), and one if cancelled. */
    public List<String> warnings() {
        List<String> w = new ArrayList<>();
        for (BenchPoint p : points) {
            String u = p.unreliable();
            if (u != null) {
                w.add(u);
            }
        }
        if (repeat == 1) {
            w.add("One run per point gives no spread; use --repeat 5 or more.");
        }
        if (cancelled) {
            w.add("Cancelled before the end; points not finished are marked failed.");
        }
        return w;
    }

    /** The {@code text/plain} rendering: what ran, a row per point, the Amdahl fit, warnings. */
    public String table() {
        List<String> vars = sweep.variables().stream().map(SweepVariable::name).toList();
        boolean scaled = threadVariable() != null;
        List<String[]> rows = new ArrayList<>();
        List<String> head = new ArrayList<>(vars);
        head.addAll(List.of("median", "q1 - q3 (IQR)", "min", "max"));
        if (scaled) {
            head.addAll(List.of("speedup", "efficiency"));
        }
        rows.add(head.toArray(String[]::new));
        List<Scaling> scaling = scaling();
        for (BenchPoint p : points) {
            List<String> r = new ArrayList<>();
            p.binding().values().forEach(v -> r.add(String.valueOf(v)));
            if (p.failed()) {
                r.add("FAILED: " + p.failure());
            } else {
                Stats s = p.stats();
                r.addAll(List.of(formatMs(s.median()), formatMs(s.q1()) + " - " + formatMs(s.q3()),
                        formatMs(s.min()), formatMs(s.max())));
                if (scaled) {
                    double[] se = speedupOf(p, scaling);
                    r.add(String.format(Locale.ROOT, "%.2fx", se[0]));
                    r.add(String.format(Locale.ROOT, "%.0f%%", 100 * se[1]));
                }
            }
            rows.add(r.toArray(String[]::new));
        }
        StringBuilder b = new StringBuilder(title).append('\n');
        b.append(String.format(Locale.ROOT, "%d run%s per point after %d warm-up; wall time per run, median and "
                + "interquartile range; %d cores%n", repeat, repeat == 1 ? "" : "s", warmup, cores));
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
            b.append(amdahlLine(s)).append('\n');
        }
        for (String w : warnings()) {
            b.append("Warning: ").append(w).append('\n');
        }
        return b.toString();
    }

    /** The CSV text described above, lines ending in {@code \n}. */
    public String toCsv() {
        StringBuilder b = new StringBuilder("param,value,run,ms\n");
        StringJoiner names = new StringJoiner(";");
        sweep.variables().forEach(v -> names.add(v.name()));
        String param = csvField(names.toString());
        for (BenchPoint p : points) {
            StringJoiner values = new StringJoiner(";");
            p.binding().values().forEach(v -> values.add(String.valueOf(v)));
            String value = csvField(values.toString());
            double[] runs = p.runsMs();
            for (int i = 0; i < runs.length; i++) {
                b.append(param).append(',').append(value).append(',').append(i + 1).append(',')
                        .append(String.format(Locale.ROOT, "%.3f", runs[i])).append('\n');
            }
        }
        return b.toString();
    }

    /** Writes {@link #toCsv()} to {@code file} in UTF-8, replacing it. */
    public void writeCsv(Path file) throws IOException {
        Files.writeString(file, toCsv(), StandardCharsets.UTF_8);
    }

    /** A one-line summary, e.g. {@code %%bench threads=1,2: 2 points x 5 runs; speedup 1.93x at threads=2}. */
    @Override
    public String toString() {
        StringBuilder b = new StringBuilder(title).append(": ").append(points.size()).append(" points x ")
                .append(repeat).append(" runs");
        List<Scaling> s = scaling();
        if (!s.isEmpty() && s.get(0).threads().length > 1) {
            Scaling first = s.get(0);
            int last = first.threads().length - 1;
            b.append(String.format(Locale.ROOT, "; speedup %.2fx at %s=%d", first.speedup()[last], threadVariable(),
                    first.threads()[last]));
        }
        if (!failures().isEmpty()) {
            b.append("; ").append(failures().size()).append(" failed");
        }
        return b.toString();
    }

    /** A time in ms with 4 significant digits and a unit that suits it: µs, ms or s. */
    public static String formatMs(double ms) {
        if (Double.isNaN(ms)) {
            return "-";
        }
        if (ms < 1) {
            return sig(ms * 1000) + " µs";
        }
        return ms < 1000 ? sig(ms) + " ms" : sig(ms / 1000) + " s";
    }

    String amdahlLine(Scaling s) {
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

    private double[] speedupOf(BenchPoint p, List<Scaling> scaling) {
        java.util.Map<String, Object> rest = new java.util.LinkedHashMap<>(p.binding());
        Object n = rest.remove(threadVariable());
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

    private static String sig(double v) {
        if (v >= 100) {
            return String.format(Locale.ROOT, "%.1f", v);
        }
        return String.format(Locale.ROOT, v >= 10 ? "%.2f" : "%.3f", v);
    }

    private static String pad(String s, int w, boolean right) {
        String fill = " ".repeat(Math.max(0, w - s.length()));
        return right ? fill + s : s + fill;
    }

    private static String csvField(String s) {
        return s.contains(",") || s.contains("\"") || s.contains("\n") ? '"' + s.replace("\"", "\"\"") + '"' : s;
    }
}
