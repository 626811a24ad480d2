package org.threadlab.record;

import org.threadlab.json.Json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The recording value and its text renderers: summary, CSV, trace-event JSON. */
class RecordingTest {

    @Test
    void summaryAddsUpStatesAndCpuOverWall() {
        Recording r = Recordings.onePerState();
        Summary s = r.summary();
        assertEquals(8, s.threads());
        assertEquals(1000, s.wallMs());
        assertEquals(7 * 1.0 + 300, s.cpuMs(), 1e-9);
        assertEquals(0.307, s.effectiveParallelism(), 1e-9);
        assertEquals(800 + 300, s.blockedMs(), 1e-9);
        assertEquals(800, s.waitingMs(), 1e-9);
        assertEquals(List.of(7), List.of(r.intervalsOf(7).size() == 3 ? 7 : -1));
    }

    @Test
    void csvHasTheHeaderAndARowPerInterval(@TempDir Path dir) throws Exception {
        Recording r = Recordings.onePerState();
        String[] lines = r.toCsv().split("\n");
        assertEquals("thread,state,start_ms,end_ms", lines[0]);
        assertEquals(1 + r.intervals().size(), lines.length);
        assertEquals("t-running,running,100.000,900.000", lines[1]);
        assertEquals("mixed,blocked,300.000,600.000", lines[lines.length - 2]);
        Path f = dir.resolve("r.csv");
        r.writeCsv(f);
        assertEquals(r.toCsv(), Files.readString(f));
    }

    @Test
    @SuppressWarnings("unchecked") // Json.parse gives the object as a map
    void traceJsonParsesAndHasACompleteEventPerInterval(@TempDir Path dir) throws Exception {
        Recording r = Recordings.onePerState();
        Map<String, Object> root = (Map<String, Object>) Json.parse(r.toTraceJson());
        List<?> events = (List<?>) root.get("traceEvents");
        long complete = events.stream().filter(e -> "X".equals(((Map<?, ?>) e).get("ph"))).count();
        assertEquals(r.intervals().size(), complete);
        Map<?, ?> firstX = (Map<?, ?>) events.stream().filter(e -> "X".equals(((Map<?, ?>) e).get("ph")))
                .findFirst().orElseThrow();
        assertEquals("running", firstX.get("name"));
        assertEquals(100_000.0, ((Number) firstX.get("ts")).doubleValue());
        assertEquals(800_000.0, ((Number) firstX.get("dur")).doubleValue());
        assertTrue(events.stream().anyMatch(e -> "thread_name".equals(((Map<?, ?>) e).get("name"))));
        Path f = dir.resolve("r.json");
        r.writeTraceJson(f);
        Json.parse(Files.readString(f));
    }

    @Test
    void summaryTextCapsTheTableAndSaysHowManyThreadsThereWere() {
        Recording r = Recordings.manyVirtual(10_000);
        String text = r.summaryText();
        assertTrue(text.startsWith("many virtual: 10000 threads (10000 virtual)"), text);
        assertTrue(text.contains("9980 more threads not listed (10000 threads in total)"), text);
        assertTrue(text.lines().count() < 30, text);
        assertEquals(text.lines().findFirst().orElseThrow(), r.toString());
    }

    @Test
    void summaryHtmlIsTheSameTableWithEveryStateThatOccurredAndEscapedNames() {
        Recording r = Recordings.onePerState();
        String html = r.summaryHtml();
        assertTrue(html.startsWith("<div class=\"threadlab-summary\">"), html);
        assertTrue(html.contains("<b>one per state</b>: 8 threads, wall 1 s, CPU 307 ms"), html);
        assertEquals(8, html.split("<tr><td", -1).length - 1, "a row per thread");
        for (ThreadState s : ThreadState.values()) {
            assertTrue(html.contains("&nbsp;" + s.label() + "</th>"), s.label());
        }
        assertTrue(html.contains("<code>mixed</code>") && html.contains("spawned by t-running"), html);

        Recording odd = new Recording("<script>", Instant.EPOCH, 10,
                List.of(new ThreadRecord(0, 5, "<b>&", "<b>&", false, -1, null, 0, 10, true, 0)),
                List.of(new Interval(0, ThreadState.RUNNING, 0, 10)),
                new Utilization(new double[0], new double[0], new double[0], 2), 0, null, false);
        String oddHtml = odd.summaryHtml();
        assertTrue(!oddHtml.contains("<script>") && !oddHtml.contains("<code><b>"), oddHtml);
        assertTrue(oddHtml.contains("<code>&lt;b&gt;&amp;</code>"), oddHtml);
        assertTrue(oddHtml.contains("&nbsp;running</th>") && !oddHtml.contains("&nbsp;sleeping</th>"),
                "state columns no thread spent time in are left out: " + oddHtml);
        assertTrue(odd.summaryText().contains(" sleeping "), "the text keeps every column");
    }

    @Test
    void summaryHtmlCapsTheTableLikeTheText() {
        String html = Recordings.manyVirtual(100).summaryHtml(5);
        assertEquals(5, html.split("<tr><td", -1).length - 1);
        assertTrue(html.contains("95 more threads not listed (100 threads in total)"), html);
        assertTrue(html.contains("virtual threads: CPU per thread is not measurable"), html);
    }

    @Test
    void labelsWithCommasAreQuotedInCsv() {
        Recording r = new Recording("q", java.time.Instant.EPOCH, 10,
                List.of(new ThreadRecord(0, 5, "a,\"b\"", "a,\"b\"", false, -1, null, 0, 10, true, 0)),
                List.of(new Interval(0, ThreadState.RUNNING, 0, 10)),
                new Utilization(new double[0], new double[0], new double[0], 2), 0, null, false);
        assertEquals("\"a,\"\"b\"\"\",running,0.000,10.000", r.toCsv().split("\n")[1]);
    }

    @Test
    void fixedPointFormattingRoundsLikeFormat() {
        assertEquals("0.000", FixedPoint.format(-0.0004, 3));
        assertEquals("1.500", FixedPoint.format(1.5, 3));
        assertEquals("-2.050", FixedPoint.format(-2.0499999, 3));
        assertEquals("12.3", FixedPoint.format(12.34567, 1));
        assertEquals("100000.0", FixedPoint.format(99999.99, 1));
    }
}
