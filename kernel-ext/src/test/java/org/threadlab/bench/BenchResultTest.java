package org.threadlab.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchResultTest {
    /** A result with known times: threads 1, 2, 4 at 100, 55, 32.5 ms (Amdahl f = 0.1). */
    static BenchResult scaled(int cores) {
        Sweep sweep = BenchOptions.parse("threads=1,2,4").sweep();
        List<BenchPoint> pts = List.of(
                BenchPoint.measured(Map.of("threads", 1), new double[] {101, 100, 99}),
                BenchPoint.measured(Map.of("threads", 2), new double[] {55, 56, 54}),
                BenchPoint.measured(Map.of("threads", 4), new double[] {32.5, 32, 33}));
        return new BenchResult("Split sum", sweep, pts, 1, 3, cores, false);
    }

    @Test
    void speedupAndEfficiencyAreAgainstTheOneThreadMedian() {
        Scaling s = scaled(8).scaling().get(0);
        assertEquals(100 / 55.0, s.speedupAt(2), 1e-12);
        assertEquals(100 / 32.5 / 4, s.efficiency()[2], 1e-12);
        assertEquals(0.1, s.fit().serialFraction(), 1e-9);
        assertEquals(100 / 55.0, scaled(8).speedup(2), 1e-12);
    }

    @Test
    void csvHasTheHeaderAndOneRowPerCountedRun() {
        String[] lines = scaled(8).toCsv().split("\n");
        assertEquals("param,value,run,ms", lines[0]);
        assertEquals(10, lines.length);
        assertEquals("threads,1,1,101.000", lines[1]);
        assertEquals("threads,4,3,33.000", lines[9]);
    }

    @Test
    void gridCsvJoinsNamesAndValuesWithSemicolons(@TempDir Path dir) throws Exception {
        BenchResult r = new BenchRunner().run(BenchOptions.parse("threads=1,2", "size=10,20", "--repeat", "2",
                "--warmup", "0"), b -> { });
        Path file = dir.resolve("runs.csv");
        r.writeCsv(file);
        List<String> lines = Files.readAllLines(file);
        assertEquals(9, lines.size());
        assertTrue(lines.get(1).startsWith("threads;size,1;10,1,"), lines.get(1));
        assertTrue(lines.get(8).startsWith("threads;size,2;20,2,"), lines.get(8));
        assertEquals(2, r.scaling().size());
    }

    @Test
    void tableShowsEveryPointSpeedupAndTheFit() {
        String t = scaled(8).table();
        assertTrue(t.startsWith("Split sum\n"), t);
        assertTrue(t.contains("threads"), t);
        assertTrue(t.contains(" 55 ms"), t);
        assertTrue(t.contains("1.82x"), t);
        assertTrue(t.contains("77%"), t);
        assertTrue(t.contains("serial fraction f = 0.100"), t);
        assertTrue(!t.contains("Warning"), t);
    }

    @Test
    void tableHtmlHasTheSameRowsFitAndWarningsAsTheText() {
        BenchResult r = new BenchResult("<Split> sum", BenchOptions.parse("threads=1,2,4").sweep(), List.of(
                BenchPoint.measured(Map.of("threads", 1), new double[] {101, 100, 99}),
                BenchPoint.measured(Map.of("threads", 2), new double[] {10, 56, 54}),
                BenchPoint.failed(Map.of("threads", 4), "ArithmeticException: / by zero")), 1, 3, 8, false);
        String html = r.tableHtml();
        assertTrue(html.contains("<b>&lt;Split&gt; sum</b>"), html);
        assertEquals(3, html.split("<tr><td", -1).length - 1, "a row per point");
        assertTrue(html.contains(">1.85x</td>"), html);
        assertTrue(html.contains("<td colspan=\"6\" align=\"left\" style=\"text-align:left\">FAILED: ArithmeticException: / by zero</td>"),
                "the failure spans the figures: " + html);
        assertTrue(html.contains("Amdahl fit: none;"), html);
        for (String w : r.warnings()) {
            assertTrue(html.contains(org.threadlab.text.Html.escape(w)), w);
        }
        assertTrue(!r.warnings().isEmpty(), "threads=2 spread widely");
    }

    @Test
    void tableSaysWhyThereIsNoFitOnTwoCores() {
        String t = scaled(2).table();
        assertTrue(t.contains("Amdahl fit: none; it needs three or more thread counts up to the core count, and threads"
                + " 1, 2, 4 on 2 cores give two (1, 2): two points fit any serial fraction exactly"), t);
        assertTrue(!t.contains("serial fraction f ="), t);
        assertEquals(null, scaled(2).scaling().get(0).fit());
    }

    @Test
    void widelySpreadRunsAreFlaggedLikeTimeit() {
        BenchPoint p = BenchPoint.measured(Map.of("n", 1), new double[] {10, 10, 10, 50});
        assertTrue(p.unreliable().contains("slowest run took 5.0 times longer than the fastest"), p.unreliable());
        BenchPoint q = BenchPoint.measured(Map.of("n", 1), new double[] {10, 12, 14, 16, 18});
        assertTrue(q.unreliable().contains("IQR is 29% of the median"), q.unreliable());
        BenchPoint ok = BenchPoint.measured(Map.of("n", 1), new double[] {10, 10.5, 11});
        assertEquals(null, ok.unreliable());
    }

    @Test
    void toStringIsAOneLineSummary() {
        assertEquals("Split sum: 3 points x 3 runs; speedup 3.08x at threads=4", scaled(8).toString());
    }
}
