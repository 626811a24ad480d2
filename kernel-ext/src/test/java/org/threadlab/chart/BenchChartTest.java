package org.threadlab.chart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.threadlab.bench.BenchOptions;
import org.threadlab.bench.BenchPoint;
import org.threadlab.bench.BenchResult;

class BenchChartTest {
    private static BenchResult threads() {
        return new BenchResult("SplitSum.sum(0, 4e8, threads)", BenchOptions.parse("threads=1,2,4").sweep(), List.of(
                BenchPoint.measured(Map.of("threads", 1), new double[] {101, 100, 99}),
                BenchPoint.measured(Map.of("threads", 2), new double[] {55, 56, 54}),
                BenchPoint.failed(Map.of("threads", 4), "ArithmeticException: / by zero")), 1, 3, 2, false);
    }

    private static BenchResult strings() {
        return new BenchResult(null, BenchOptions.parse("mode=fair,unfair").sweep(), List.of(
                BenchPoint.measured(Map.of("mode", "fair"), new double[] {3000, 3100, 2900}),
                BenchPoint.measured(Map.of("mode", "unfair"), new double[] {2000, 2100, 1900})), 0, 3, 2, false);
    }

    private static boolean contains(BufferedImage img, Color c) {
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                if ((img.getRGB(x, y) & 0xFFFFFF) == (c.getRGB() & 0xFFFFFF)) {
                    return true;
                }
            }
        }
        return false;
    }

    @Test
    void pngDecodesAtTheRequestedSizeInTheSeriesColour() throws Exception {
        for (BenchResult r : List.of(threads(), strings())) {
            BufferedImage img = ImageIO.read(new ByteArrayInputStream(BenchChart.png(r, 640, 300)));
            assertEquals(640, img.getWidth());
            assertEquals(300, img.getHeight());
            assertTrue(contains(img, ChartStyle.SERIES[0]), "series colour missing");
        }
    }

    @Test
    void svgHasBothPanelsTheirUnitsAndTheCoreMarker() {
        String svg = BenchChart.svg(threads());
        assertTrue(svg.startsWith("<svg") || svg.contains("<svg"), svg.substring(0, 100));
        for (String text : List.of("SplitSum.sum(0, 4e8, threads)", "median, whiskers q1-q3", "Speedup and efficiency",
                "2 cores", "ideal (linear)", "no Amdahl fit: it needs three or more thread counts", "1.82x, 91%")) {
            assertTrue(svg.contains(text), text);
        }
        assertTrue(!svg.contains("Amdahl fit, f = "), "two thread counts must not be fitted");
    }

    @Test
    void threeThreadCountsUpToTheCoresGetTheFitLine() {
        BenchResult r = new BenchResult("split sum", BenchOptions.parse("threads=1,2,4").sweep(), List.of(
                BenchPoint.measured(Map.of("threads", 1), new double[] {101, 100, 99}),
                BenchPoint.measured(Map.of("threads", 2), new double[] {55, 56, 54}),
                BenchPoint.measured(Map.of("threads", 4), new double[] {33, 32, 32.5})), 1, 3, 4, false);
        String svg = BenchChart.svg(r);
        assertTrue(svg.contains("Amdahl fit, f = 0.100"), "fit legend");
        assertTrue(svg.contains("Amdahl: serial fraction f = 0.100"), "fit subtitle");
    }

    @Test
    void slowRunsAreShownInSeconds() {
        // axis labels are drawn as outlines in SVG, so test the label itself
        assertEquals("time per run (s)", BenchChart.timeAxisLabel(strings()));
        assertEquals("time per run (ms)", BenchChart.timeAxisLabel(threads()));
    }
}
