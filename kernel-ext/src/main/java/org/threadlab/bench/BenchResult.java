package org.threadlab.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What a benchmark measured: one {@link BenchPoint} per sweep point, plus scaling with the
 * thread count when the sweep has one. A plain value; {@link BenchTable}, {@link BenchCsv} and
 * {@code org.threadlab.chart.BenchChart} are renderers of it ({@link #table()} and {@link #toCsv()}
 * name the first two for notebooks).
 *
 * <pre>{@code
 * BenchResult r = new BenchRunner().run(BenchOptions.parse("threads=1,2"), body);
 * r.speedup(2);             // median T(1) / median T(2)
 * System.out.println(r.table());
 * r.writeCsv(Path.of("runs.csv"));
 * }</pre>
 *
 * <p>Thread-safety: an immutable value.
 *
 * @param title what ran, for titles; never null
 * @param sweep the sweep that was run
 * @param points one per sweep point, in sweep order
 * @param warmup warm-up runs per point
 * @param repeat counted runs per point
 * @param cores {@code Runtime.availableProcessors()} when it ran
 * @param cancelled whether it was cancelled or interrupted before the end (the point it was in keeps the
 *                  runs it completed; points with no counted run are failed)
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

    /**
     * One sentence per point cut short by a cancellation, per unreliable point (see
     * {@link BenchPoint#unreliable()}), and one if cancelled.
     */
    public List<String> warnings() {
        List<String> w = new ArrayList<>();
        for (BenchPoint p : points) {
            if (!p.failed() && p.stats().n() < repeat) {
                w.add(String.format(Locale.ROOT, "%s: interrupted after %d of %d runs; its figures are from those %d.",
                        p.label(), p.stats().n(), repeat, p.stats().n()));
            }
            String u = p.unreliable();
            if (u != null) {
                w.add(u);
            }
        }
        if (repeat == 1) {
            w.add("One run per point gives no spread; use --repeat 5 or more.");
        }
        if (cancelled) {
            w.add("Interrupted before the end: every completed run is kept; points with none are marked failed.");
        }
        return w;
    }

    /** {@link BenchTable#text}: what ran, a row per point, the Amdahl fit, warnings. */
    public String table() {
        return BenchTable.text(this);
    }

    /** {@link BenchTable#html}: the same as {@link #table()} in HTML. */
    public String tableHtml() {
        return BenchTable.html(this);
    }

    /** {@link BenchCsv#text}: one row per counted run. */
    public String toCsv() {
        return BenchCsv.text(this);
    }

    /** {@link BenchCsv#write}: the CSV to {@code file} in UTF-8, replacing it. */
    public void writeCsv(Path file) throws IOException {
        BenchCsv.write(this, file);
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
}
