package org.threadlab.chart;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.DoubleUnaryOperator;
import org.jfree.chart.ChartRenderingInfo;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.SymbolAxis;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYErrorRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.jfree.data.xy.YIntervalSeries;
import org.jfree.data.xy.YIntervalSeriesCollection;
import org.jfree.svg.SVGGraphics2D;
import org.threadlab.bench.AmdahlFit;
import org.threadlab.bench.BenchPoint;
import org.threadlab.bench.BenchResult;
import org.threadlab.bench.Scaling;
import org.threadlab.bench.SweepVariable;

/**
 * Draws a {@link BenchResult}: a timing panel (median per value with whiskers from the lower to
 * the upper quartile) and, when the sweep has a thread count, a speedup panel (measured speedup
 * labelled with its efficiency, the ideal line, the Amdahl fit, and a marker at the core count).
 *
 * <pre>{@code
 * byte[] png = BenchChart.png(result);                 // shown 900 x 400, drawn 1800 x 800
 * byte[] big = BenchChart.png(result, 1200, 500);
 * String svg = BenchChart.svg(result, 900, 400);
 * }</pre>
 *
 * <p>Sizes are display pixels; a PNG is drawn at {@link ChartStyle#SCALE} times them. The speedup
 * panel's labels (each point's speedup and efficiency, the core count) are placed by
 * {@link LabelPlacer} so that none covers another, a line or a point.
 *
 * <p>The x axis is the thread-count variable, else the first variable (numbers on a numeric
 * axis, text evenly spaced); the other variables of a grid make one series each, coloured from
 * {@link ChartStyle#SERIES}. Failed points are left out (the table lists them). Times are in ms,
 * or in s when the slowest upper quartile reaches 2 s.
 *
 * <p>Thread-safety: stateless; safe to call from any thread (headless AWT).
 */
public final class BenchChart {
    public static final int DEFAULT_WIDTH = 900;
    public static final int DEFAULT_HEIGHT = 400;

    private BenchChart() {
    }

    public static byte[] png(BenchResult result) {
        return png(result, DEFAULT_WIDTH, DEFAULT_HEIGHT);
    }

    /** PNG bytes of the chart shown at {@code width} x {@code height}, drawn at {@link ChartStyle#SCALE} times that. */
    public static byte[] png(BenchResult result, int width, int height) {
        return png(result, width, height, ChartStyle.SCALE);
    }

    /** PNG bytes of the chart shown at {@code width} x {@code height}, drawn at {@code scale} (1..4) times that. */
    public static byte[] png(BenchResult result, int width, int height, int scale) {
        checkSize(width, height);
        if (scale < 1 || scale > 4) {
            throw new IllegalArgumentException("scale must be 1..4, not " + scale);
        }
        BufferedImage image = new BufferedImage(width * scale, height * scale, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.scale(scale, scale);
            draw(g, result, width, height);
        } finally {
            g.dispose();
        }
        return ChartStyle.png(image);
    }

    public static String svg(BenchResult result) {
        return svg(result, DEFAULT_WIDTH, DEFAULT_HEIGHT);
    }

    /** An SVG document of the chart, {@code width} x {@code height} user units. */
    public static String svg(BenchResult result, int width, int height) {
        checkSize(width, height);
        SVGGraphics2D g = new SVGGraphics2D(width, height);
        draw(g, result, width, height);
        return g.getSVGDocument();
    }

    /** Draws onto any Graphics2D, the panels side by side. */
    public static void draw(Graphics2D g, BenchResult result, int width, int height) {
        drawAndPlaceLabels(g, result, width, height);
    }

    /**
     * Where the speedup panel's labels went: the plot's data area, each label's text and box, the
     * lines and points they had to avoid, and how many of those they cover (0 when readable).
     */
    record SpeedupLabels(Rectangle2D dataArea, List<String> texts, List<Rectangle2D> boxes, List<Line2D> lines,
                         List<Rectangle2D> points, int collisions) {
    }

    /** The labels of {@code result}'s speedup panel at this size, as drawn; null without a thread count. */
    static SpeedupLabels speedupLabels(BenchResult result, int width, int height) {
        BufferedImage scratch = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = scratch.createGraphics();
        try {
            return drawAndPlaceLabels(g, result, width, height);
        } finally {
            g.dispose();
        }
    }

    private static SpeedupLabels drawAndPlaceLabels(Graphics2D g, BenchResult result, int width, int height) {
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        ChartText.hints(g);
        g.setPaint(ChartStyle.BACKGROUND);
        g.fill(new Rectangle2D.Double(0, 0, width, height));
        List<Scaling> scaling = result.scaling();
        if (scaling.isEmpty()) {
            timing(result).draw(g, new Rectangle2D.Double(0, 0, width, height));
            return null;
        }
        double half = width / 2.0;
        timing(result).draw(g, new Rectangle2D.Double(0, 0, half, height));
        JFreeChart speedup = speedup(result, scaling);
        ChartRenderingInfo info = new ChartRenderingInfo();
        speedup.draw(g, new Rectangle2D.Double(half, 0, width - half, height), info);
        return labelSpeedup(g, result, scaling, (XYPlot) speedup.getPlot(), info.getPlotInfo().getDataArea());
    }

    /**
     * Draws the speedup panel's labels where they cover nothing: the core count beside its
     * marker, then each point's "speedup, efficiency" near it.
     */
    private static SpeedupLabels labelSpeedup(Graphics2D g, BenchResult r, List<Scaling> scaling, XYPlot plot,
                                              Rectangle2D area) {
        ValueAxis xAxis = plot.getDomainAxis();
        ValueAxis yAxis = plot.getRangeAxis();
        DoubleUnaryOperator px = v -> xAxis.valueToJava2D(v, area, plot.getDomainAxisEdge());
        DoubleUnaryOperator py = v -> yAxis.valueToJava2D(v, area, plot.getRangeAxisEdge());
        LabelPlacer placer = new LabelPlacer(area);
        List<Line2D> lines = new ArrayList<>();
        List<Rectangle2D> points = new ArrayList<>();
        int base = scaling.stream().mapToInt(Scaling::base).min().orElse(1);
        int right = right(r, scaling);
        lines.add(new Line2D.Double(px.applyAsDouble(base), py.applyAsDouble(1), px.applyAsDouble(right),
                py.applyAsDouble((double) right / base)));
        double coresX = px.applyAsDouble(r.cores());
        lines.add(new Line2D.Double(coresX, area.getMinY(), coresX, area.getMaxY()));
        for (Scaling s : scaling) {
            int[] t = s.threads();
            double[] sp = s.speedup();
            for (int k = 0; k < t.length; k++) {
                double x = px.applyAsDouble(t[k]);
                double y = py.applyAsDouble(sp[k]);
                points.add(new Rectangle2D.Double(x - 5, y - 5, 10, 10));
                if (k > 0) {
                    lines.add(new Line2D.Double(px.applyAsDouble(t[k - 1]), py.applyAsDouble(sp[k - 1]), x, y));
                }
            }
            if (s.fit() != null) {
                double[] prev = null;
                for (double n : fitSamples(s, right)) {
                    double[] p = {px.applyAsDouble(n), py.applyAsDouble(s.modelSpeedup(n))};
                    if (prev != null) {
                        lines.add(new Line2D.Double(prev[0], prev[1], p[0], p[1]));
                    }
                    prev = p;
                }
            }
        }
        lines.forEach(placer::avoid);
        points.forEach(placer::avoid);

        g.setFont(ChartStyle.SMALL);
        FontMetrics fm = g.getFontMetrics();
        double h = fm.getAscent() + fm.getDescent() + 2;
        List<String> texts = new ArrayList<>();
        List<Color> colours = new ArrayList<>();
        String cores = r.cores() + " cores";
        placer.placeBesideVertical(coresX, ChartText.width(fm, cores) + 4, h);
        texts.add(cores);
        colours.add(ChartStyle.AXIS);
        for (int i = 0; i < scaling.size(); i++) {
            Scaling s = scaling.get(i);
            int[] t = s.threads();
            double[] sp = s.speedup();
            double[] eff = s.efficiency();
            for (int k = 0; k < t.length; k++) {
                String text = String.format(Locale.ROOT, "%.2fx, %.0f%%", sp[k], 100 * eff[k]);
                placer.placeNear(px.applyAsDouble(t[k]), py.applyAsDouble(sp[k]), ChartText.width(fm, text) + 4, h);
                texts.add(text);
                colours.add(scaling.size() == 1 ? ChartStyle.AXIS : colour(i));
            }
        }
        List<Rectangle2D> boxes = placer.placed();
        for (int i = 0; i < boxes.size(); i++) {
            Rectangle2D b = boxes.get(i);
            g.setPaint(ChartStyle.BACKGROUND);
            g.fill(b);
            g.setPaint(colours.get(i));
            g.drawString(texts.get(i), (float) (b.getX() + 2), (float) (b.getY() + 1 + fm.getAscent()));
        }
        return new SpeedupLabels(area, texts, boxes, lines, points, placer.collisions());
    }

    /** The speedup axis's last thread count: the largest measured, or the core count if larger. */
    private static int right(BenchResult r, List<Scaling> scaling) {
        int maxThreads = 1;
        for (Scaling s : scaling) {
            int[] t = s.threads();
            maxThreads = Math.max(maxThreads, t[t.length - 1]);
        }
        return Math.max(maxThreads, r.cores());
    }

    /** Thread counts at which the Amdahl curve is drawn: 100 steps from the base to {@code right}. */
    private static List<Double> fitSamples(Scaling s, int right) {
        List<Double> n = new ArrayList<>();
        for (double v = s.base(); v <= right + 1e-9; v += Math.max(0.05, (right - s.base()) / 100.0)) {
            n.add(v);
        }
        return n;
    }

    private static JFreeChart timing(BenchResult r) {
        String xVar = r.threadVariable() != null ? r.threadVariable() : r.sweep().variables().get(0).name();
        SweepVariable xv = r.sweep().variable(xVar);
        boolean numericX = xv.values().get(0) instanceof Number;
        boolean seconds = timeAxisLabel(r).endsWith("(s)");
        double scale = seconds ? 1e-3 : 1;
        Map<String, YIntervalSeries> series = new LinkedHashMap<>();
        for (BenchPoint p : r.points()) {
            if (p.failed()) {
                continue;
            }
            Map<String, Object> rest = new LinkedHashMap<>(p.binding());
            Object x = rest.remove(xVar);
            String key = label(rest);
            YIntervalSeries s = series.computeIfAbsent(key, k -> new YIntervalSeries(
                    k.isEmpty() ? "median, whiskers q1-q3" : k + " (median, q1-q3)"));
            double xs = numericX ? ((Number) x).doubleValue() : xv.values().indexOf(x);
            s.add(xs, p.stats().median() * scale, p.stats().q1() * scale, p.stats().q3() * scale);
        }
        YIntervalSeriesCollection data = new YIntervalSeriesCollection();
        series.values().forEach(data::addSeries);
        ValueAxis xAxis = numericX ? integerAxis(xVar, xv) : new SymbolAxis(xVar,
                xv.values().stream().map(String::valueOf).toArray(String[]::new));
        NumberAxis yAxis = new NumberAxis(timeAxisLabel(r));
        yAxis.setAutoRangeIncludesZero(true);
        XYErrorRenderer renderer = new XYErrorRenderer();
        renderer.setDrawXError(false);
        renderer.setDrawYError(true);
        renderer.setDefaultLinesVisible(true);
        renderer.setCapLength(8);
        renderer.setErrorStroke(new BasicStroke(1.5f));
        for (int i = 0; i < data.getSeriesCount(); i++) {
            renderer.setSeriesPaint(i, colour(i));
            renderer.setSeriesShape(i, new Ellipse2D.Double(-4, -4, 8, 8));
            renderer.setSeriesStroke(i, new BasicStroke(2f));
        }
        XYPlot plot = plot(data, xAxis, yAxis, renderer);
        JFreeChart chart = chart(r.title(), plot);
        chart.addSubtitle(new TextTitle(String.format(Locale.ROOT, "wall time per run: median and interquartile range "
                + "of %d run%s after %d warm-up", r.repeat(), r.repeat() == 1 ? "" : "s", r.warmup()), ChartStyle.SMALL));
        return chart;
    }

    private static JFreeChart speedup(BenchResult r, List<Scaling> scaling) {
        XYSeriesCollection data = new XYSeriesCollection();
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer();
        int base = scaling.stream().mapToInt(Scaling::base).min().orElse(1);
        List<Scaling> measured = scaling;
        int right = right(r, scaling);
        int idx = 0;
        for (int i = 0; i < measured.size(); i++) {
            Scaling s = measured.get(i);
            String name = s.series().isEmpty() ? "measured (label: efficiency)" : s.series();
            XYSeries m = new XYSeries(name, false, true);
            int[] t = s.threads();
            double[] sp = s.speedup();
            for (int k = 0; k < t.length; k++) {
                m.add(t[k], sp[k]);
            }
            data.addSeries(m);
            renderer.setSeriesPaint(idx, colour(i));
            renderer.setSeriesStroke(idx, new BasicStroke(2f));
            renderer.setSeriesShape(idx, new Ellipse2D.Double(-4, -4, 8, 8));
            renderer.setSeriesShapesVisible(idx, true);
            idx++;
            AmdahlFit fit = s.fit();
            if (fit != null) {
                XYSeries a = new XYSeries(String.format(Locale.ROOT, "Amdahl fit%s, f = %.3f",
                        s.series().isEmpty() ? "" : " " + s.series(), fit.serialFraction()), false, true);
                for (double n : fitSamples(s, right)) {
                    a.add(n, s.modelSpeedup(n));
                }
                data.addSeries(a);
                renderer.setSeriesPaint(idx, colour(i));
                renderer.setSeriesStroke(idx, new BasicStroke(1.2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER,
                        10f, new float[] {1.5f, 3f}, 0f));
                renderer.setSeriesShapesVisible(idx, false);
                idx++;
            }
        }
        XYSeries ideal = new XYSeries("ideal (linear)", false, true);
        ideal.add(base, 1.0);
        ideal.add(right, (double) right / base);
        data.addSeries(ideal);
        renderer.setSeriesPaint(idx, ChartStyle.REFERENCE);
        renderer.setSeriesStroke(idx, ChartStyle.DASHED);
        renderer.setSeriesShapesVisible(idx, false);
        String tv = r.threadVariable();
        NumberAxis xAxis = new NumberAxis(org.threadlab.bench.Sweep.THREAD_NAMES.contains(tv) ? tv : tv + " (threads)");
        xAxis.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        xAxis.setRange(Math.max(0, base - 0.5), right + 0.5);
        NumberAxis yAxis = new NumberAxis("speedup vs " + r.threadVariable() + "=" + base + " (x)");
        yAxis.setAutoRangeIncludesZero(true);
        XYPlot plot = plot(data, xAxis, yAxis, renderer);
        // its label, like the points' labels, is placed after drawing, where it covers nothing
        plot.addDomainMarker(new ValueMarker(r.cores(), ChartStyle.REFERENCE, ChartStyle.DASHED));
        JFreeChart chart = chart("Speedup and efficiency", plot);
        AmdahlFit first = scaling.get(0).fit();
        chart.addSubtitle(new TextTitle(first == null ? "no Amdahl fit: it needs three or more thread counts up to the core count"
                : String.format(Locale.ROOT, "Amdahl: serial fraction f = %.3f, least squares on median times (%d points)",
                first.serialFraction(), first.points()), ChartStyle.SMALL));
        return chart;
    }

    /** The timing panel's y-axis label: seconds once the slowest upper quartile reaches 2 s, else ms. */
    static String timeAxisLabel(BenchResult r) {
        double maxQ3 = r.points().stream().filter(p -> !p.failed()).mapToDouble(p -> p.stats().q3()).max().orElse(0);
        return maxQ3 >= 2000 ? "time per run (s)" : "time per run (ms)";
    }

    private static NumberAxis integerAxis(String name, SweepVariable v) {
        NumberAxis axis = new NumberAxis(name);
        if (v.values().get(0) instanceof Integer || v.values().get(0) instanceof Long) {
            axis.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        }
        axis.setAutoRangeIncludesZero(false);
        axis.setLowerMargin(0.05);
        axis.setUpperMargin(0.05);
        return axis;
    }

    private static XYPlot plot(org.jfree.data.xy.XYDataset data, ValueAxis x, NumberAxis y,
                               org.jfree.chart.renderer.xy.XYItemRenderer renderer) {
        for (ValueAxis a : new ValueAxis[] {x, y}) {
            a.setLabelFont(ChartStyle.LABEL);
            a.setTickLabelFont(ChartStyle.SMALL);
            a.setLabelPaint(ChartStyle.AXIS);
            a.setTickLabelPaint(ChartStyle.AXIS);
            a.setAxisLinePaint(ChartStyle.AXIS);
        }
        XYPlot plot = new XYPlot(data, x, y, renderer);
        plot.setBackgroundPaint(ChartStyle.BACKGROUND);
        plot.setDomainGridlinePaint(ChartStyle.GRID);
        plot.setRangeGridlinePaint(ChartStyle.GRID);
        plot.setOutlineVisible(false);
        return plot;
    }

    private static JFreeChart chart(String title, XYPlot plot) {
        JFreeChart chart = new JFreeChart(title, ChartStyle.TITLE, plot, true);
        chart.setBackgroundPaint(ChartStyle.BACKGROUND);
        chart.getLegend().setItemFont(ChartStyle.SMALL);
        chart.getLegend().setFrame(org.jfree.chart.block.BlockBorder.NONE);
        chart.setTextAntiAlias(true);
        chart.setAntiAlias(true);
        return chart;
    }

    private static Color colour(int i) {
        return ChartStyle.SERIES[i % ChartStyle.SERIES.length];
    }

    private static String label(Map<String, Object> binding) {
        StringBuilder b = new StringBuilder();
        binding.forEach((k, v) -> b.append(b.length() == 0 ? "" : ", ").append(k).append('=').append(v));
        return b.toString();
    }

    private static void checkSize(int width, int height) {
        if (width < 200 || height < 150 || width > 8000 || height > 8000) {
            throw new IllegalArgumentException("chart size must be 200..8000 x 150..8000, not " + width + "x" + height);
        }
    }
}
