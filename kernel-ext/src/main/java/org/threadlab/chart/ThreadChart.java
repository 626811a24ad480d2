package org.threadlab.chart;

import java.awt.Color;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Stroke;
import java.awt.geom.Line2D;
import java.awt.image.BufferedImage;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import org.jfree.svg.SVGGraphics2D;
import org.threadlab.record.Interval;
import org.threadlab.record.PhaseLog;
import org.threadlab.record.Recording;
import org.threadlab.record.Summary;
import org.threadlab.record.ThreadRecord;
import org.threadlab.record.ThreadState;
import org.threadlab.record.Utilization;
import org.threadlab.text.Durations;

/**
 * Draws a {@link Recording}: its title (wrapped, never cut where it fits in three lines) and
 * figures, a lane per thread coloured by state (in the recording's order, named, with who spawned
 * it), a legend, a utilization strip of busy cores against the core count, and a time axis with
 * units. Above {@link Options#maxLanes()} threads the lanes aggregate into stacked counts of
 * threads in each state over time, and the chart says so. Sizes are display pixels; the image
 * is drawn at {@link Options#scale()} times them.
 *
 * <pre>{@code
 * ThreadChart chart = new ThreadChart(ThreadChart.Options.defaults().withSize(900, 0).withMaxLanes(64));
 * byte[] png = chart.png(recording);     // image/png for the display bundle
 * String svg = chart.svg(recording);     // image/svg+xml, same drawing
 * }</pre>
 *
 * <p>Thread-safety: immutable; {@code png}, {@code svg} and {@code layout} may be called from
 * any number of threads at once (each call draws on pixels of its own; {@code png} on pixels kept
 * from an earlier chart when no other call has them, see {@code ChartCanvas}).
 */
public final class ThreadChart {
    private static final Color LANE_BACKGROUND = new Color(0xF4, 0xF4, 0xF4);
    /** Busy-cores fill: dark grey, so it is never mistaken for a state colour. */
    public static final Color BUSY = new Color(0x44, 0x44, 0x44);
    /** Title lines at most; a longer title's last line ends in "…" (a 900 px chart holds about 300 characters). */
    static final int MAX_TITLE_LINES = 3;
    private static final int TITLE_LINE_H = 19;
    private static final int STATS_H = 17;
    /** The JVM's own CPU (JIT, GC, JFR, recorder), stacked on the busy cores: a lighter grey of the same family. */
    public static final Color JVM_BUSY = new Color(0x99, 0x99, 0x99);
    static final String JVM_LABEL = "JVM's own (JIT, GC, kernel, recorder)";
    private static final int LEGEND_H = 22;
    private static final int GAP = 8;
    private static final int UTIL_H = 56;
    private static final int AXIS_H = 34;
    private static final int RIGHT = 16;
    /** An 1800 x 1000 px image: 900 x 500 display px at scale 2. */
    static final int WARM_CANVAS_PIXELS = 1800 * 1000;

    /**
     * How to draw.
     *
     * @param width    image width in px
     * @param height   image height in px, or 0 to fit the lanes
     * @param maxLanes above this many threads, draw aggregated state counts instead of lanes
     * @param title    chart title, or {@code null} for the recording's title
     * @param scale    image pixels per display pixel: 2 draws a 900 px wide chart as an 1800 px image,
     *                 shown 900 px wide (sharp on high-density screens and when zoomed)
     */
    public record Options(int width, int height, int maxLanes, String title, int scale) {
        public Options {
            if (scale < 1 || scale > 4) {
                throw new IllegalArgumentException("scale must be 1..4: " + scale);
            }
            if (width < 200 || width > 10_000) {
                throw new IllegalArgumentException("width must be 200..10000 px: " + width);
            }
            if (height != 0 && (height < 150 || height > 10_000)) {
                throw new IllegalArgumentException("height must be 0 (fit) or 150..10000 px: " + height);
            }
            if (maxLanes < 1) {
                throw new IllegalArgumentException("maxLanes must be positive: " + maxLanes);
            }
        }

        /** 900 px wide, height fitted, up to 64 lanes, the recording's title, drawn at {@link ChartStyle#SCALE}. */
        public static Options defaults() {
            return new Options(900, 0, 64, null, ChartStyle.SCALE);
        }

        public Options withSize(int width, int height) {
            return new Options(width, height, maxLanes, title, scale);
        }

        public Options withMaxLanes(int maxLanes) {
            return new Options(width, height, maxLanes, title, scale);
        }

        public Options withTitle(String title) {
            return new Options(width, height, maxLanes, title, scale);
        }

        public Options withScale(int scale) {
            return new Options(width, height, maxLanes, title, scale);
        }
    }

    /**
     * Where things are drawn for one recording, in display pixels (the image has {@code scale} times
     * as many); lets callers (and tests) map times and lanes to pixels.
     *
     * @param aggregated whether threads are drawn as stacked state counts instead of lanes
     * @param titleLines the title, wrapped to the width
     * @param maxLanes   the lane limit it was laid out with
     */
    public record Layout(int width, int height, boolean aggregated, int plotLeft, int plotRight, int lanesTop,
            int lanesBottom, int lanes, int utilTop, int utilBottom, double wallMs, List<String> titleLines, int maxLanes,
            int scale) {

        public Layout {
            titleLines = List.copyOf(titleLines);
        }

        public double laneHeight() {
            return lanes == 0 ? 0 : (double) (lanesBottom - lanesTop) / lanes;
        }

        /** x pixel of time {@code ms} from the recording's start. */
        public double x(double ms) {
            return plotLeft + ms / wallMs * (plotRight - plotLeft);
        }

        /** Time in ms at x pixel {@code x}. */
        public double ms(double x) {
            return (x - plotLeft) / (plotRight - plotLeft) * wallMs;
        }

        /** Vertical centre of lane {@code lane} (lanes mode). */
        public int laneCenterY(int lane) {
            return (int) (lanesTop + (lane + 0.5) * laneHeight());
        }
    }

    private final Options options;

    public ThreadChart() {
        this(Options.defaults());
    }

    public ThreadChart(Options options) {
        this.options = Objects.requireNonNull(options, "options");
    }

    public Options options() {
        return options;
    }

    /**
     * Draws and encodes one small chart on a daemon thread, so the first real chart does not pay
     * for loading Java2D, fonts and the PNG encoder (about 0.5 s), for drawing the glyphs of
     * printable ASCII in the charts' fonts, or for the page faults of fresh pixels: it draws on
     * 1800 x 1000 pixels kept for the next chart, enough for an aggregated chart or up to 16 lanes
     * at the default size. Returns at once.
     */
    public static CompletableFuture<Void> warmUp() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        Thread.ofPlatform().daemon().name("threadlab-chart-warmup").start(() -> {
            try {
                StringBuilder ascii = new StringBuilder();
                for (char c = ' '; c < 0x7F; c++) {
                    ascii.append(c);
                }
                List<ThreadRecord> threads = List.of(new ThreadRecord(0, 1, "warm-up", ascii.toString(), false, -1,
                        "warm-up", 0, 1, true, 0));
                List<Interval> intervals = List.of(new Interval(0, ThreadState.RUNNING, 0, 1));
                Recording r = new Recording("warm-up " + ascii, Instant.EPOCH, 1, threads, intervals,
                        new Utilization(new double[] {0}, new double[] {1}, new double[] {1}, 1), 0, null, false);
                ChartCanvas.reserve(WARM_CANVAS_PIXELS);
                new ThreadChart().png(r);
                done.complete(null);
            } catch (Throwable t) {
                done.completeExceptionally(t);
            }
        });
        return done;
    }

    public Layout layout(Recording r) {
        int n = r.threads().size();
        boolean aggregated = n > options.maxLanes();
        List<String> titleLines = ChartText.wrap(title(r), ChartStyle.TITLE, options.width() - 20, MAX_TITLE_LINES);
        int lanesTop = titleLines.size() * TITLE_LINE_H + STATS_H + LEGEND_H + 8;
        int below = GAP + UTIL_H + AXIS_H;
        int height = options.height();
        if (height == 0) {
            int body = aggregated ? 240 : Math.max(40, n * (n > 32 ? 12 : 20));
            height = lanesTop + body + below + 4;
        }
        int lanesBottom = height - below - 4;
        int plotLeft = aggregated ? 70 : Math.min(200, options.width() / 4);
        int utilTop = lanesBottom + GAP;
        return new Layout(options.width(), height, aggregated, plotLeft, options.width() - RIGHT, lanesTop,
                lanesBottom, aggregated ? 0 : n, utilTop, utilTop + UTIL_H, Math.max(r.wallMs(), 1e-3), titleLines,
                options.maxLanes(), options.scale());
    }

    private String title(Recording r) {
        return options.title() != null ? options.title() : r.title().isEmpty() ? "threads" : r.title();
    }

    /** The chart as a PNG image. */
    public byte[] png(Recording r) {
        return png(r, layout(r));
    }

    /**
     * The chart as a PNG image, laid out as {@code l}, which {@link #layout} gave for {@code r}.
     * With {@code -Dthreadlab.phases}, marks the phases "draw" and "png" ({@link PhaseLog}).
     */
    public byte[] png(Recording r, Layout l) {
        BufferedImage img = ChartCanvas.take(l.width() * l.scale(), l.height() * l.scale());
        try {
            paint(img, r, l);
            PhaseLog.mark("draw");
            byte[] png = ChartStyle.png(img);
            PhaseLog.mark("png");
            return png;
        } finally {
            ChartCanvas.give(img);
        }
    }

    /** The chart as an image of {@code scale} times the layout's size. */
    public BufferedImage image(Recording r) {
        Layout l = layout(r);
        BufferedImage img = new BufferedImage(l.width() * l.scale(), l.height() * l.scale(), BufferedImage.TYPE_INT_RGB);
        paint(img, r, l);
        return img;
    }

    private void paint(BufferedImage img, Recording r, Layout l) {
        Graphics2D g = img.createGraphics();
        try {
            g.scale(l.scale(), l.scale());
            draw(g, r, l);
        } finally {
            g.dispose();
        }
    }

    /** The chart as an SVG document element, drawn by the same code as the PNG. */
    public String svg(Recording r) {
        Layout l = layout(r);
        SVGGraphics2D g = new SVGGraphics2D(l.width(), l.height());
        draw(g, r, l);
        return g.getSVGElement();
    }

    private void draw(Graphics2D g, Recording r, Layout l) {
        // crisp state rectangles (exact colours), smooth text
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_OFF);
        ChartText.hints(g);
        g.setColor(ChartStyle.BACKGROUND);
        g.fillRect(0, 0, l.width(), l.height());
        drawTitle(g, r, l);
        drawLegend(g, l);
        if (l.aggregated()) {
            drawAggregated(g, r, l);
        } else {
            drawLanes(g, r, l);
        }
        drawUtilization(g, r.utilization(), l);
        drawAxis(g, l);
    }

    /** The title, wrapped (never cut where it fits in {@value #MAX_TITLE_LINES} lines), then the figures on a line of their own. */
    private void drawTitle(Graphics2D g, Recording r, Layout l) {
        Summary s = r.summary();
        String stats = String.format(Locale.ROOT, "%d threads · wall %s · CPU %s · parallelism %.2f%s", s.threads(),
                Durations.format(s.wallMs()), Durations.format(s.cpuMs()), s.effectiveParallelism(),
                r.timedOut() ? " · TIMED OUT" : r.failure().isPresent() ? " · FAILED" : "");
        g.setColor(ChartStyle.AXIS);
        g.setFont(ChartStyle.TITLE);
        int y = 4;
        for (String line : l.titleLines()) {
            y += TITLE_LINE_H;
            g.drawString(line, 10, y - 4);
        }
        g.setFont(ChartStyle.SMALL);
        g.drawString(clip(g, stats, l.width() - 20), 10, y + STATS_H - 4);
    }

    private void drawLegend(Graphics2D g, Layout l) {
        g.setFont(ChartStyle.SMALL);
        FontMetrics fm = g.getFontMetrics();
        int x = 10;
        int y = l.titleLines().size() * TITLE_LINE_H + STATS_H + 8;
        for (ThreadState s : ThreadState.values()) {
            g.setColor(s.color());
            g.fillRect(x, y, 12, 12);
            g.setColor(ChartStyle.AXIS);
            g.drawString(s.label(), x + 16, y + 10);
            x += 16 + fm.stringWidth(s.label()) + 14;
        }
        g.setColor(BUSY);
        g.fillRect(x, y, 12, 12);
        g.setColor(ChartStyle.AXIS);
        g.drawString("busy cores", x + 16, y + 10);
        x += 16 + fm.stringWidth("busy cores") + 14;
        g.setColor(JVM_BUSY);
        g.fillRect(x, y, 12, 12);
        g.setColor(ChartStyle.AXIS);
        g.drawString(JVM_LABEL, x + 16, y + 10);
    }

    private void drawLanes(Graphics2D g, Recording r, Layout l) {
        List<ThreadRecord> threads = r.threads();
        double h = l.laneHeight();
        int pad = h >= 6 ? 1 : 0;
        g.setFont(ChartStyle.SMALL);
        FontMetrics fm = g.getFontMetrics();
        int labelEvery = Math.max(1, (int) Math.ceil((fm.getHeight() - 1) / Math.max(h, 0.1)));
        for (ThreadRecord t : threads) {
            int y0 = (int) Math.round(l.lanesTop() + t.index() * h);
            int y1 = (int) Math.round(l.lanesTop() + (t.index() + 1) * h);
            g.setColor(LANE_BACKGROUND);
            g.fillRect(l.plotLeft(), y0, l.plotRight() - l.plotLeft(), y1 - y0);
            for (Interval iv : r.intervalsOf(t.index())) {
                int x0 = (int) Math.floor(l.x(iv.startMs()));
                int x1 = Math.max(x0 + 1, (int) Math.ceil(l.x(iv.endMs())));
                g.setColor(iv.state().color());
                g.fillRect(x0, y0 + pad, Math.min(x1, l.plotRight()) - x0, Math.max(1, y1 - y0 - 2 * pad));
            }
            if (t.index() % labelEvery == 0) {
                String label = t.label() + t.spawnedBy().map(p -> " ← " + p).orElse("");
                g.setColor(ChartStyle.AXIS);
                g.drawString(clip(g, label, l.plotLeft() - 14), 6,
                        (int) Math.round((y0 + y1) / 2.0 + fm.getAscent() / 2.0 - 1));
            }
        }
    }

    private void drawAggregated(Graphics2D g, Recording r, Layout l) {
        int bins = l.plotRight() - l.plotLeft();
        ThreadState[] states = ThreadState.values();
        double[][] count = new double[states.length][];
        double binMs = l.wallMs() / bins;
        StateCounts counts = new StateCounts(bins, binMs);
        for (Interval iv : r.intervals()) {
            counts.add(iv.state().ordinal(), iv.startMs(), iv.endMs());
        }
        double max = 1;
        for (int s = 0; s < states.length; s++) {
            count[s] = counts.counts(s);
        }
        for (int b = 0; b < bins; b++) {
            double total = 0;
            for (int s = 0; s < states.length; s++) {
                total += count[s][b];
            }
            max = Math.max(max, total);
        }
        double top = TimeAxis.niceCeiling(max);
        int areaTop = l.lanesTop();
        int areaBottom = l.lanesBottom();
        double pxPerThread = (areaBottom - areaTop) / top;
        int[][] yTop = new int[states.length][bins];
        int[][] yBottom = new int[states.length][bins]; // a state absent from a bin: top = bottom = 0
        for (int b = 0; b < bins; b++) {
            double y = areaBottom;
            for (int s = 0; s < states.length; s++) {
                double c = count[s][b];
                if (c <= 0) {
                    continue;
                }
                yBottom[s][b] = (int) Math.round(y);
                y -= c * pxPerThread;
                yTop[s][b] = (int) Math.round(y);
            }
        }
        for (int s = 0; s < states.length; s++) {
            g.setColor(states[s].color());
            fillColumns(g, l.plotLeft(), yTop[s], yBottom[s]);
        }
        g.setColor(ChartStyle.AXIS);
        g.drawLine(l.plotLeft() - 1, areaTop, l.plotLeft() - 1, areaBottom);
        g.setFont(ChartStyle.SMALL);
        FontMetrics fm = g.getFontMetrics();
        for (double v : new double[] {0, top / 2, top}) {
            int y = (int) Math.round(areaBottom - v * pxPerThread);
            String s = TimeAxis.count(v);
            g.drawString(s, l.plotLeft() - 6 - fm.stringWidth(s), y + fm.getAscent() / 2);
            g.setColor(ChartStyle.GRID);
            g.drawLine(l.plotLeft(), y, l.plotRight(), y);
            g.setColor(ChartStyle.AXIS);
        }
        Graphics2D rotated = (Graphics2D) g.create();
        rotated.rotate(-Math.PI / 2);
        rotated.drawString("threads in state", -(areaTop + areaBottom) / 2 - 40, 14);
        rotated.dispose();
        // the lane limit, said where the lanes would be; %%threads also says it under the chart, with --lanes
        String note = aggregatedNote(r.threads().size(), l.maxLanes());
        g.setColor(ChartStyle.BACKGROUND);
        g.fillRect(l.plotLeft() + 2, areaTop + 1, fm.stringWidth(note) + 6, fm.getHeight());
        g.setColor(ChartStyle.AXIS);
        g.drawString(note, l.plotLeft() + 5, areaTop + fm.getAscent());
    }

    private void drawUtilization(Graphics2D g, Utilization u, Layout l) {
        int bins = l.plotRight() - l.plotLeft();
        double[] busy = new double[bins];
        double[] jvm = new double[bins];
        double[] covered = new double[bins];
        double binMs = l.wallMs() / bins;
        for (int i = 0; i < u.size(); i++) {
            int b0 = Math.max(0, (int) Math.floor(u.startMs(i) / binMs));
            int b1 = Math.min(bins - 1, (int) Math.floor(u.endMs(i) / binMs));
            for (int b = b0; b <= b1; b++) {
                double overlap = Math.min(u.endMs(i), (b + 1) * binMs) - Math.max(u.startMs(i), b * binMs);
                if (overlap > 0) {
                    busy[b] += u.busyCores(i) * overlap;
                    jvm[b] += u.jvmCores(i) * overlap;
                    covered[b] += overlap;
                }
            }
        }
        double maxBusy = u.cores();
        for (int b = 0; b < bins; b++) {
            busy[b] = covered[b] > 0 ? busy[b] / covered[b] : 0;
            jvm[b] = covered[b] > 0 ? jvm[b] / covered[b] : 0;
            maxBusy = Math.max(maxBusy, busy[b] + jvm[b]);
        }
        int top = l.utilTop() + 4;
        int bottom = l.utilBottom();
        double pxPerCore = (bottom - top) / maxBusy;
        g.setColor(LANE_BACKGROUND);
        g.fillRect(l.plotLeft(), top, bins, bottom - top);
        int[] busyTop = new int[bins];
        int[] jvmTop = new int[bins]; // the JVM's own, stacked on the cell's busy cores
        for (int b = 0; b < bins; b++) {
            int h = (int) Math.round(busy[b] * pxPerCore);
            busyTop[b] = bottom - h;
            jvmTop[b] = bottom - (int) Math.round((busy[b] + jvm[b]) * pxPerCore);
        }
        int[] bottoms = new int[bins];
        Arrays.fill(bottoms, bottom);
        g.setColor(BUSY);
        fillColumns(g, l.plotLeft(), busyTop, bottoms);
        g.setColor(JVM_BUSY);
        fillColumns(g, l.plotLeft(), jvmTop, busyTop);
        int coresY = (int) Math.round(bottom - u.cores() * pxPerCore);
        Stroke old = g.getStroke();
        g.setColor(ChartStyle.REFERENCE);
        g.setStroke(ChartStyle.DASHED);
        g.draw(new Line2D.Double(l.plotLeft(), coresY, l.plotRight(), coresY));
        g.setStroke(old);
        g.setFont(ChartStyle.SMALL);
        g.setColor(ChartStyle.AXIS);
        FontMetrics fm = g.getFontMetrics();
        String cores = u.cores() + " cores";
        g.drawString("busy cores", Math.max(2, l.plotLeft() - 6 - fm.stringWidth("busy cores")), bottom - 2);
        g.drawString(cores, Math.max(2, l.plotLeft() - 6 - fm.stringWidth(cores)), coresY + fm.getAscent() / 2);
    }

    private void drawAxis(Graphics2D g, Layout l) {
        int y = l.utilBottom() + 1;
        g.setColor(ChartStyle.AXIS);
        g.drawLine(l.plotLeft(), y, l.plotRight(), y);
        g.setFont(ChartStyle.SMALL);
        FontMetrics fm = g.getFontMetrics();
        TimeAxis axis = TimeAxis.of(l.wallMs(), (l.plotRight() - l.plotLeft()) / 70);
        for (double ms : axis.ticks()) {
            int x = (int) Math.round(l.x(ms));
            g.drawLine(x, y, x, y + 4);
            String s = axis.label(ms);
            g.drawString(s, Math.min(l.plotRight() - fm.stringWidth(s), Math.max(0, x - fm.stringWidth(s) / 2)),
                    y + 5 + fm.getAscent());
        }
        String name = "time since the cell started (" + axis.unit() + ")";
        g.drawString(name, (l.plotLeft() + l.plotRight() - fm.stringWidth(name)) / 2, y + 8 + 2 * fm.getAscent());
    }

    /**
     * Fills column {@code x0 + b} from {@code top[b]} down to {@code bottom[b]} (exclusive) for each
     * {@code b}, neighbours with the same extent as one rectangle: far fewer calls, the same pixels.
     */
    private static void fillColumns(Graphics2D g, int x0, int[] top, int[] bottom) {
        int start = 0;
        for (int b = 1; b <= top.length; b++) {
            if (b < top.length && top[b] == top[start] && bottom[b] == bottom[start]) {
                continue;
            }
            if (bottom[start] > top[start]) {
                g.fillRect(x0 + start, top[start], b - start, bottom[start] - top[start]);
            }
            start = b;
        }
    }

    /** What an aggregated chart shows instead of lanes, and why. */
    public static String aggregatedNote(int threads, int maxLanes) {
        return String.format(Locale.ROOT, "%,d threads, more than the %,d lanes drawn at most: threads in each state over time",
                threads, maxLanes);
    }

    private static String clip(Graphics2D g, String s, int maxWidth) {
        FontMetrics fm = g.getFontMetrics();
        if (fm.stringWidth(s) <= maxWidth) {
            return s;
        }
        String t = s;
        while (!t.isEmpty() && fm.stringWidth(t + "…") > maxWidth) {
            t = t.substring(0, t.length() - 1);
        }
        return t + "…";
    }
}
