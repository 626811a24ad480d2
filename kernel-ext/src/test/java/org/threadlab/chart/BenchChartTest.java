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
    void pngIsDrawnAtTwiceTheRequestedDisplaySizeInTheSeriesColour() throws Exception {
        for (BenchResult r : List.of(threads(), strings())) {
            BufferedImage img = ImageIO.read(new ByteArrayInputStream(BenchChart.png(r, 640, 300)));
            assertEquals(1280, img.getWidth());
            assertEquals(600, img.getHeight());
            assertTrue(contains(img, ChartStyle.SERIES[0]), "series colour missing");
        }
        BufferedImage one = ImageIO.read(new ByteArrayInputStream(BenchChart.png(threads(), 640, 300, 1)));
        assertEquals(640, one.getWidth());
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

    private static BenchResult scaling(int cores, int[] threads, double[] medians) {
        List<BenchPoint> points = new java.util.ArrayList<>();
        StringBuilder sweep = new StringBuilder("threads=");
        for (int i = 0; i < threads.length; i++) {
            double m = medians[i];
            points.add(BenchPoint.measured(Map.of("threads", threads[i]), new double[] {m * 1.01, m, m * 0.99}));
            sweep.append(i == 0 ? "" : ",").append(threads[i]);
        }
        return new BenchResult("labels", BenchOptions.parse(sweep.toString()).sweep(), points, 1, 3, cores, false);
    }

    /** The speedup panel's labels cover no other label, line, point or the core count's label, and stay in the plot. */
    private static void assertLabelsOverlapNothing(String what, BenchResult r) {
        for (int[] size : new int[][] {{900, 400}, {640, 300}}) {
            BenchChart.SpeedupLabels l = BenchChart.speedupLabels(r, size[0], size[1]);
            String where = what + " at " + size[0] + "x" + size[1] + ": " + l.texts() + " " + l.boxes();
            int points = r.points().size();
            assertEquals(points + 1, l.boxes().size(), where);
            assertEquals(r.cores() + " cores", l.texts().get(0), where);
            assertEquals(0, l.collisions(), where);
            for (int i = 0; i < l.boxes().size(); i++) {
                java.awt.geom.Rectangle2D a = l.boxes().get(i);
                assertTrue(l.dataArea().contains(a), where + ": label " + l.texts().get(i) + " leaves the plot");
                for (int j = i + 1; j < l.boxes().size(); j++) {
                    assertTrue(!a.intersects(l.boxes().get(j)), where + ": " + l.texts().get(i) + " overlaps " + l.texts().get(j));
                }
                for (java.awt.geom.Line2D line : l.lines()) {
                    assertTrue(!a.intersectsLine(line), where + ": " + l.texts().get(i) + " crosses a line");
                }
                for (java.awt.geom.Rectangle2D p : l.points()) {
                    assertTrue(!a.intersects(p), where + ": " + l.texts().get(i) + " covers a point");
                }
            }
        }
    }

    @Test
    void speedupLabelsOverlapNothingOnTheChartsWhereTheyCollided() {
        // "2.18x, 109%" was drawn over the "2 cores" label
        assertLabelsOverlapNothing("superlinear at the core count", scaling(2, new int[] {1, 2}, new double[] {100, 45.9}));
        // "1.00x, 100%" sat on the measured, ideal and Amdahl lines where they all start
        assertLabelsOverlapNothing("with an Amdahl fit", scaling(4, new int[] {1, 2, 4}, new double[] {100, 55, 32.5}));
        assertLabelsOverlapNothing("past the cores", scaling(2, new int[] {1, 2, 4, 8}, new double[] {100, 52, 51, 53}));
    }

    @Test
    void speedupLabelsOverlapNothingOnCrowdedAndUnusualCharts() {
        assertLabelsOverlapNothing("on the ideal line", scaling(8, new int[] {1, 2, 4, 8}, new double[] {100, 50, 25, 12.5}));
        assertLabelsOverlapNothing("every count to 8", scaling(8, new int[] {1, 2, 3, 4, 5, 6, 7, 8},
                new double[] {100, 51, 35, 27, 22, 19, 17, 15}));
        assertLabelsOverlapNothing("slower with threads", scaling(2, new int[] {1, 2, 4}, new double[] {100, 120, 180}));
        assertLabelsOverlapNothing("flat", scaling(2, new int[] {1, 2}, new double[] {100, 100}));
        assertLabelsOverlapNothing("many cores, few threads", scaling(16, new int[] {1, 2}, new double[] {100, 52}));
    }
}
