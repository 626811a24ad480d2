package org.threadlab.chart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.threadlab.record.Recording;
import org.threadlab.record.Recordings;

/**
 * Every pixel of representative charts stays as it was: each chart's PNG, decoded by ImageIO,
 * against a golden PNG drawn and encoded by the code before the chart was made cheaper
 * (commit 464412f), pixel for pixel. Text is drawn by the machine's fonts, so the goldens hold
 * only where a probe of the charts' fonts draws as it did then; elsewhere the test is skipped.
 * To draw the goldens again (only for an intended change of the picture):
 * {@code java -Djava.awt.headless=true -cp …test classpath… org.threadlab.chart.ThreadChartPixelsTest DIR}.
 */
class ThreadChartPixelsTest {
    private static final String LONG_TITLE = "%pattern worker-queue --variant drain-while-producing --items 200 "
            + "--prefilled 50 --workers 8 --item-ms 5 --timeout 30 and some more words so that it wraps twice at 640 px";

    /** Name of a golden image -> its PNG, drawn now. */
    static Map<String, Supplier<byte[]>> charts() {
        Map<String, Supplier<byte[]>> charts = new LinkedHashMap<>();
        ThreadChart chart = new ThreadChart();
        charts.put("empty-cell", () -> chart.png(Recordings.emptyCell()));
        charts.put("one-per-state", () -> chart.png(Recordings.onePerState()));
        charts.put("jvm-busy", () -> chart.png(Recordings.jvmBusyInTheSecondHalf()));
        charts.put("forty-virtual-lanes", () -> chart.png(Recordings.manyVirtual(40)));
        charts.put("ten-thousand-virtual-aggregated", () -> chart.png(Recordings.manyVirtual(10_000)));
        charts.put("timed-out-long-title-640x360-scale-1", () -> new ThreadChart(ThreadChart.Options.defaults()
                .withSize(640, 360).withScale(1).withTitle(LONG_TITLE)).png(timedOut(Recordings.onePerState())));
        charts.put("three-lanes-limit-scale-3", () -> new ThreadChart(ThreadChart.Options.defaults().withMaxLanes(3)
                .withScale(3).withSize(700, 0)).png(Recordings.jvmBusyInTheSecondHalf()));
        return charts;
    }

    static Stream<String> names() {
        return charts().keySet().stream();
    }

    private static Recording timedOut(Recording r) {
        return new Recording(r.title(), Instant.EPOCH, r.wallMs(), r.threads(), r.intervals(), r.utilization(), 0, null,
                true);
    }

    /** Sample text in the charts' fonts, drawn as the charts draw text: what the goldens' text depends on. */
    private static BufferedImage fontProbe() {
        BufferedImage img = new BufferedImage(400, 60, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setColor(ChartStyle.BACKGROUND);
            g.fillRect(0, 0, 400, 60);
            ChartText.hints(g);
            g.scale(2, 2);
            g.setColor(ChartStyle.AXIS);
            g.setFont(ChartStyle.TITLE);
            g.drawString("%%threads: x · 9 ms ←…", 2, 14);
            g.setFont(ChartStyle.SMALL);
            g.drawString("busy cores 0.25 ms · WAITING", 2, 27);
        } finally {
            g.dispose();
        }
        return img;
    }

    private static BufferedImage golden(String name) throws IOException {
        try (InputStream in = ThreadChartPixelsTest.class.getResourceAsStream("golden/" + name + ".png")) {
            assertNotNull(in, "no golden image " + name);
            return ImageIO.read(in);
        }
    }

    @ParameterizedTest
    @MethodSource("names")
    void everyPixelIsAsTheGoldenImage(String name) throws Exception {
        assumeTrue(samePixels(golden("font-probe"), fontProbe()) < 0,
                "this machine's fonts draw text unlike those the golden images were drawn with");
        BufferedImage want = golden(name);
        BufferedImage got = ImageIO.read(new ByteArrayInputStream(charts().get(name).get()));
        assertEquals(want.getWidth() + "x" + want.getHeight(), got.getWidth() + "x" + got.getHeight(), name);
        int at = samePixels(want, got);
        if (at >= 0) {
            Path actual = Path.of("target", "pixels-test", name + ".png");
            Files.createDirectories(actual.getParent());
            ImageIO.write(got, "png", actual.toFile());
            int x = at % want.getWidth();
            int y = at / want.getWidth();
            assertEquals(Integer.toHexString(want.getRGB(x, y)), Integer.toHexString(got.getRGB(x, y)),
                    name + ": first differing pixel at (" + x + ", " + y + "); drawn now: " + actual.toAbsolutePath());
        }
    }

    @Test
    void aChartOnPixelsKeptFromATallerChartIsTheChartOnFreshPixels() throws Exception {
        ThreadChart chart = new ThreadChart();
        chart.png(Recordings.manyVirtual(40)); // leaves its pixels for the next chart
        BufferedImage reused = ImageIO.read(new ByteArrayInputStream(chart.png(Recordings.emptyCell())));
        BufferedImage fresh = chart.image(Recordings.emptyCell());
        assertEquals(-1, samePixels(fresh, reused), "first differing pixel");
    }

    /** The index of the first pixel that differs (row by row), or -1 when every pixel is the same. */
    private static int samePixels(BufferedImage a, BufferedImage b) {
        if (a.getWidth() != b.getWidth() || a.getHeight() != b.getHeight()) {
            return 0;
        }
        int w = a.getWidth();
        int[] pa = a.getRGB(0, 0, w, a.getHeight(), null, 0, w);
        int[] pb = b.getRGB(0, 0, w, b.getHeight(), null, 0, w);
        for (int i = 0; i < pa.length; i++) {
            if ((pa[i] | 0xFF000000) != (pb[i] | 0xFF000000)) {
                return i;
            }
        }
        return -1;
    }

    /** Writes the golden images and the font probe to the directory given. */
    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]);
        Files.createDirectories(dir);
        ImageIO.write(fontProbe(), "png", dir.resolve("font-probe.png").toFile());
        for (var e : charts().entrySet()) {
            Files.write(dir.resolve(e.getKey() + ".png"), e.getValue().get());
        }
    }
}
