package org.threadlab.chart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.threadlab.record.Recording;
import org.threadlab.record.Recordings;
import org.threadlab.record.ThreadState;

/** Charts decoded back from PNG: size, and each state's colour where that state was. */
class ThreadChartTest {

    private static BufferedImage decode(byte[] png) throws Exception {
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(png));
        assertTrue(img != null, "not a PNG");
        return img;
    }

    private static Color at(BufferedImage img, double x, int y) {
        return new Color(img.getRGB((int) Math.round(x), y));
    }

    @Test
    void pngDecodesToTheRequestedSize() throws Exception {
        ThreadChart chart = new ThreadChart(ThreadChart.Options.defaults().withSize(640, 360));
        BufferedImage img = decode(chart.png(Recordings.onePerState()));
        assertEquals(640, img.getWidth());
        assertEquals(360, img.getHeight());
    }

    @Test
    void eachStatesColourIsInItsLaneWhileTheThreadWasInThatState() throws Exception {
        Recording r = Recordings.onePerState();
        ThreadChart chart = new ThreadChart(ThreadChart.Options.defaults().withSize(800, 0));
        ThreadChart.Layout l = chart.layout(r);
        BufferedImage img = decode(chart.png(r));
        for (ThreadState s : ThreadState.values()) {
            int y = l.laneCenterY(s.ordinal());
            assertEquals(s.color(), at(img, l.x(500), y), s.label() + " mid-life");
            assertFalse(at(img, l.x(50), y).equals(s.color()), s.label() + " before the thread started");
            assertFalse(at(img, l.x(950), y).equals(s.color()), s.label() + " after the thread ended");
        }
        int mixed = l.laneCenterY(ThreadState.values().length);
        assertEquals(ThreadState.RUNNING.color(), at(img, l.x(150), mixed));
        assertEquals(ThreadState.BLOCKED.color(), at(img, l.x(450), mixed));
        assertEquals(ThreadState.SLEEPING.color(), at(img, l.x(800), mixed));
    }

    @Test
    void utilizationStripIsFilledWhereCoresWereBusy() throws Exception {
        Recording r = Recordings.onePerState();
        ThreadChart chart = new ThreadChart();
        ThreadChart.Layout l = chart.layout(r);
        BufferedImage img = decode(chart.png(r));
        int y = l.utilBottom() - 3;
        assertEquals(ThreadChart.BUSY, at(img, l.x(250), y));
        assertFalse(ThreadChart.BUSY.equals(at(img, l.x(750), y)));
    }

    @Test
    void theJvmsOwnCpuIsItsOwnShadeStackedOnTheCellsBusyCores() throws Exception {
        Recording r = Recordings.jvmBusyInTheSecondHalf();
        ThreadChart chart = new ThreadChart();
        ThreadChart.Layout l = chart.layout(r);
        BufferedImage img = decode(chart.png(r));
        int low = l.utilBottom() - 3;
        assertEquals(ThreadChart.BUSY, at(img, l.x(250), low), "the cell's one busy core");
        assertEquals(ThreadChart.JVM_BUSY, at(img, l.x(750), low), "the JVM's one core, where the cell's were idle");
        assertFalse(ThreadChart.JVM_BUSY.equals(at(img, l.x(250), low)));
        assertFalse(ThreadChart.JVM_BUSY.equals(ThreadChart.BUSY));
        for (ThreadState s : ThreadState.values()) {
            assertFalse(ThreadChart.JVM_BUSY.equals(s.color()), "a shade no state has: " + s.label());
        }
    }

    @Test
    void manyThreadsAggregateIntoStateCountsOverTime() throws Exception {
        Recording r = Recordings.manyVirtual(10_000);
        ThreadChart chart = new ThreadChart(ThreadChart.Options.defaults().withSize(900, 400));
        ThreadChart.Layout l = chart.layout(r);
        assertTrue(l.aggregated());
        BufferedImage img = decode(chart.png(r));
        assertEquals(900, img.getWidth());
        assertEquals(400, img.getHeight());
        int nearBottom = l.lanesBottom() - 3;
        assertEquals(ThreadState.UNKNOWN.color(), at(img, l.x(200), nearBottom));
        assertEquals(ThreadState.SLEEPING.color(), at(img, l.x(600), nearBottom));
        assertFalse(ThreadState.SLEEPING.color().equals(at(img, l.x(900), nearBottom)), "all ended at 800 ms");
    }

    @Test
    void upToTheLaneLimitEachThreadGetsALane() {
        ThreadChart chart = new ThreadChart(ThreadChart.Options.defaults().withMaxLanes(64));
        assertFalse(chart.layout(Recordings.manyVirtual(64)).aggregated());
        assertTrue(chart.layout(Recordings.manyVirtual(65)).aggregated());
        assertEquals(64, chart.layout(Recordings.manyVirtual(64)).lanes());
    }

    @Test
    void svgIsDrawnByTheSameCode() {
        String svg = new ThreadChart().svg(Recordings.onePerState());
        assertTrue(svg.startsWith("<svg"), svg.substring(0, 40));
        assertTrue(svg.contains("sleeping") && svg.contains("busy cores"));
        assertTrue(svg.contains("rgb(0,158,115)") || svg.toLowerCase().contains("#009e73"), "running colour");
    }

    @Test
    void aRealRecordingOfThousandsOfVirtualThreadsRendersAggregatedWithItsSleep() throws Exception {
        Recording r = new org.threadlab.record.Recorder().record("2000 virtual", () -> {
            try (var ex = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
                for (int i = 0; i < 2000; i++) {
                    ex.submit(() -> {
                        Thread.sleep(100);
                        return null;
                    });
                }
            }
            return null;
        });
        assertEquals(2000, r.threads().size());
        ThreadChart chart = new ThreadChart();
        ThreadChart.Layout l = chart.layout(r);
        assertTrue(l.aggregated());
        BufferedImage img = decode(chart.png(r));
        // every thread sleeps 100 ms: sleeping is the bottom of the stack somewhere in the run
        boolean sleepingSeen = false;
        for (int x = l.plotLeft(); x < l.plotRight(); x++) {
            sleepingSeen |= ThreadState.SLEEPING.color().equals(new Color(img.getRGB(x, l.lanesBottom() - 2)));
        }
        assertTrue(sleepingSeen, r.summaryText());
    }

    @Test
    void warmUpCompletes() throws Exception {
        ThreadChart.warmUp().get(30, java.util.concurrent.TimeUnit.SECONDS);
    }
}
