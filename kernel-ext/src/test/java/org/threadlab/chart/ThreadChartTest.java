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

    /** The colour at display pixel (x, y) of a chart laid out as {@code l}, in an image drawn at its scale. */
    private static Color at(BufferedImage img, ThreadChart.Layout l, double x, int y) {
        return new Color(img.getRGB((int) Math.round(x * l.scale()), y * l.scale()));
    }

    @Test
    void pngIsDrawnAtTwiceTheRequestedDisplaySize() throws Exception {
        ThreadChart chart = new ThreadChart(ThreadChart.Options.defaults().withSize(640, 360));
        ThreadChart.Layout l = chart.layout(Recordings.onePerState());
        assertEquals(640, l.width());
        assertEquals(2, l.scale());
        BufferedImage img = decode(chart.png(Recordings.onePerState()));
        assertEquals(1280, img.getWidth());
        assertEquals(720, img.getHeight());
        BufferedImage one = decode(new ThreadChart(chart.options().withScale(1)).png(Recordings.onePerState()));
        assertEquals(640, one.getWidth());
    }

    @Test
    void aLongTitleWrapsAndKeepsItsOptionsWhereOneLineWouldHaveCutThem() {
        String title = "%pattern worker-queue --variant drain-while-producing --items 200 --prefilled 50 --workers 8 --item-ms 5"
                + " --timeout 30";
        ThreadChart.Layout l = new ThreadChart(ThreadChart.Options.defaults().withSize(500, 0).withTitle(title))
                .layout(Recordings.onePerState());
        assertTrue(l.titleLines().size() > 1, l.titleLines().toString());
        assertEquals(title, String.join(" ", l.titleLines()), "every word kept, in order");
        java.awt.FontMetrics fm = ChartText.metrics(ChartStyle.TITLE);
        for (String line : l.titleLines()) {
            assertTrue(ChartText.width(fm, line) <= 480, line);
        }
        ThreadChart.Layout wide = new ThreadChart(ThreadChart.Options.defaults().withTitle(title)).layout(Recordings.onePerState());
        assertTrue(l.lanesTop() > wide.lanesTop(), "the lanes move down to make room");
    }

    @Test
    void aTitleBeyondThreeLinesEndsInAnEllipsisOnItsThirdLine() {
        String title = "word ".repeat(200).strip();
        ThreadChart.Layout l = new ThreadChart(ThreadChart.Options.defaults().withTitle(title)).layout(Recordings.onePerState());
        assertEquals(ThreadChart.MAX_TITLE_LINES, l.titleLines().size());
        assertTrue(l.titleLines().get(2).endsWith(" …"), l.titleLines().get(2));
    }

    @Test
    void eachStatesColourIsInItsLaneWhileTheThreadWasInThatState() throws Exception {
        Recording r = Recordings.onePerState();
        ThreadChart chart = new ThreadChart(ThreadChart.Options.defaults().withSize(800, 0));
        ThreadChart.Layout l = chart.layout(r);
        BufferedImage img = decode(chart.png(r));
        for (ThreadState s : ThreadState.values()) {
            int y = l.laneCenterY(s.ordinal());
            assertEquals(s.color(), at(img, l, l.x(500), y), s.label() + " mid-life");
            assertFalse(at(img, l, l.x(50), y).equals(s.color()), s.label() + " before the thread started");
            assertFalse(at(img, l, l.x(950), y).equals(s.color()), s.label() + " after the thread ended");
        }
        int mixed = l.laneCenterY(ThreadState.values().length);
        assertEquals(ThreadState.RUNNING.color(), at(img, l, l.x(150), mixed));
        assertEquals(ThreadState.BLOCKED.color(), at(img, l, l.x(450), mixed));
        assertEquals(ThreadState.SLEEPING.color(), at(img, l, l.x(800), mixed));
    }

    @Test
    void utilizationStripIsFilledWhereCoresWereBusy() throws Exception {
        Recording r = Recordings.onePerState();
        ThreadChart chart = new ThreadChart();
        ThreadChart.Layout l = chart.layout(r);
        BufferedImage img = decode(chart.png(r));
        int y = l.utilBottom() - 3;
        assertEquals(ThreadChart.BUSY, at(img, l, l.x(250), y));
        assertFalse(ThreadChart.BUSY.equals(at(img, l, l.x(750), y)));
    }

    @Test
    void theJvmsOwnCpuIsItsOwnShadeStackedOnTheCellsBusyCores() throws Exception {
        Recording r = Recordings.jvmBusyInTheSecondHalf();
        ThreadChart chart = new ThreadChart();
        ThreadChart.Layout l = chart.layout(r);
        BufferedImage img = decode(chart.png(r));
        int low = l.utilBottom() - 3;
        assertEquals(ThreadChart.BUSY, at(img, l, l.x(250), low), "the cell's one busy core");
        assertEquals(ThreadChart.JVM_BUSY, at(img, l, l.x(750), low), "the JVM's one core, where the cell's were idle");
        assertFalse(ThreadChart.JVM_BUSY.equals(at(img, l, l.x(250), low)));
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
        assertEquals(1800, img.getWidth());
        assertEquals(800, img.getHeight());
        int nearBottom = l.lanesBottom() - 3;
        assertEquals(ThreadState.UNKNOWN.color(), at(img, l, l.x(200), nearBottom));
        assertEquals(ThreadState.SLEEPING.color(), at(img, l, l.x(600), nearBottom));
        assertFalse(ThreadState.SLEEPING.color().equals(at(img, l, l.x(900), nearBottom)), "all ended at 800 ms");
    }

    @Test
    void anAggregatedChartSaysWhyAndGivesTheLimit() {
        String svg = new ThreadChart(ThreadChart.Options.defaults().withMaxLanes(10)).svg(Recordings.manyVirtual(11));
        assertTrue(svg.contains(ThreadChart.aggregatedNote(11, 10)), "the note is drawn");
        assertEquals("11 threads, more than the 10 lanes drawn at most: threads in each state over time",
                ThreadChart.aggregatedNote(11, 10));
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
        Recording r = new org.threadlab.record.Recorder().record("2000 virtual",
                () -> org.threadlab.record.VirtualSleepers.run(2000, 100));
        assertEquals(2000, r.threads().size());
        ThreadChart chart = new ThreadChart();
        ThreadChart.Layout l = chart.layout(r);
        assertTrue(l.aggregated());
        BufferedImage img = decode(chart.png(r));
        // every thread sleeps 100 ms: sleeping is the bottom of the stack somewhere in the run
        boolean sleepingSeen = false;
        for (int x = l.plotLeft(); x < l.plotRight(); x++) {
            sleepingSeen |= ThreadState.SLEEPING.color().equals(at(img, l, x, l.lanesBottom() - 2));
        }
        assertTrue(sleepingSeen, r.summaryText());
    }

    @Test
    void warmUpCompletes() throws Exception {
        ThreadChart.warmUp().get(30, java.util.concurrent.TimeUnit.SECONDS);
    }
}
