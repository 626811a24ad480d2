package org.threadlab.record;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The exact bytes of the CSV and trace-event exports of a hand-built recording with awkward labels
 * and fractional times: any change to the writers that changes a byte fails here.
 */
class RecordingFormatsTest {

    /** Labels that need quoting or escaping, times that round, intervals handed over out of order. */
    static Recording awkward() {
        List<ThreadRecord> threads = List.of(
                new ThreadRecord(0, 7, "plain", "plain", false, 1, "main", 0.0004, 12.3456, true, 5_000_000),
                new ThreadRecord(1, 8, "a,b", "a,b", false, 7, "plain", 1.0005, 20, true, 0),
                new ThreadRecord(2, 9, "say \"x\"", "say \"x\"", false, 7, "plain", 2, 30, false, -1),
                new ThreadRecord(3, 10, "line\nbreak\r", "line\nbreak\r", false, 7, "plain", 3, 40, true, 1),
                new ThreadRecord(4, 11, "", "virtual#11", true, -1, null, 4.25, 123456.7891, true, -1),
                new ThreadRecord(5, 12, "ünï\tcode", "ünï\tcode", false, 7, "plain", 5, 6, true, 2),
                new ThreadRecord(6, 13, "carriage\rreturn", "carriage\rreturn", false, 7, "plain", 6, 7, true, 0));
        List<Interval> intervals = List.of(
                new Interval(4, ThreadState.SLEEPING, 100.0000001, 123456.7891),
                new Interval(0, ThreadState.RUNNING, 0.0004, 2.0499999),
                new Interval(0, ThreadState.BLOCKED, 2.0499999, 12.3456),
                new Interval(1, ThreadState.WAITING, 1.0005, 20),
                new Interval(2, ThreadState.IO, 2, 29.99995),
                new Interval(2, ThreadState.RUNNABLE, 29.99995, 30),
                new Interval(3, ThreadState.UNKNOWN, 3, 40),
                new Interval(4, ThreadState.UNKNOWN, 4.25, 100.0000001),
                new Interval(5, ThreadState.RUNNING, 5, 6),
                new Interval(6, ThreadState.RUNNABLE, 6, 7));
        Utilization u = new Utilization(new double[] {0, 5.0005, 10}, new double[] {5.0005, 10, 15.5},
                new double[] {1.0 / 3, 1.99999, 0.0004}, 2);
        return new Recording("say \"hi\", ok", Instant.parse("2025-03-04T05:06:07.123456Z"), 123456.7891, threads,
                intervals, u, 0, null, false);
    }

    /** How a recording is written to a file. */
    private interface FileWriter {
        void write(Recording r, Path file) throws Exception;
    }

    /** The awkward recording in a format is {@code expected}, as a string and as a UTF-8 file. */
    private static void assertPinned(String expected, Function<Recording, String> format, FileWriter writer, Path file)
            throws Exception {
        Recording r = awkward();
        assertEquals(expected, format.apply(r));
        writer.write(r, file);
        assertEquals(expected, Files.readString(file));
    }

    @Test
    void csvOfAnAwkwardRecordingIsPinnedByteForByte(@TempDir Path dir) throws Exception {
        assertPinned(EXPECTED_CSV, Recording::toCsv, Recording::writeCsv, dir.resolve("r.csv"));
    }

    @Test
    void traceJsonOfAnAwkwardRecordingIsPinnedByteForByte(@TempDir Path dir) throws Exception {
        assertPinned(EXPECTED_TRACE, Recording::toTraceJson, Recording::writeTraceJson, dir.resolve("r.json"));
    }

    @Test
    void traceJsonOfAnUntitledRecordingNamesTheProcessRecording() {
        Recording r = new Recording(null, Instant.EPOCH, 1, List.of(), List.of(),
                new Utilization(new double[0], new double[0], new double[0], 1), 0, null, false);
        assertEquals("""
                {"displayTimeUnit":"ms","otherData":{"title":"","start":"1970-01-01T00:00:00Z"},"traceEvents":[
                {"ph":"M","pid":1,"name":"process_name","args":{"name":"recording"}}
                ]}
                """, r.toTraceJson());
        assertEquals("thread,state,start_ms,end_ms\n", r.toCsv());
    }

    private static final String EXPECTED_CSV = """
            thread,state,start_ms,end_ms
            plain,running,0.000,2.050
            plain,blocked,2.050,12.346
            "a,b",waiting,1.001,20.000
            "say ""x\""",io,2.000,30.000
            "say ""x\""",runnable,30.000,30.000
            "line
            break\r",unknown,3.000,40.000
            virtual#11,unknown,4.250,100.000
            virtual#11,sleeping,100.000,123456.789
            ünï\tcode,running,5.000,6.000
            "carriage\rreturn",runnable,6.000,7.000
            """;

    private static final String EXPECTED_TRACE = """
            {"displayTimeUnit":"ms","otherData":{"title":"say \\"hi\\", ok","start":"2025-03-04T05:06:07.123456Z"},"traceEvents":[
            {"ph":"M","pid":1,"name":"process_name","args":{"name":"say \\"hi\\", ok"}},
            {"ph":"M","pid":1,"tid":7,"name":"thread_name","args":{"name":"plain"}},
            {"ph":"M","pid":1,"tid":7,"name":"thread_sort_index","args":{"sort_index":0}},
            {"ph":"M","pid":1,"tid":8,"name":"thread_name","args":{"name":"a,b"}},
            {"ph":"M","pid":1,"tid":8,"name":"thread_sort_index","args":{"sort_index":1}},
            {"ph":"M","pid":1,"tid":9,"name":"thread_name","args":{"name":"say \\"x\\""}},
            {"ph":"M","pid":1,"tid":9,"name":"thread_sort_index","args":{"sort_index":2}},
            {"ph":"M","pid":1,"tid":10,"name":"thread_name","args":{"name":"line\\nbreak\\r"}},
            {"ph":"M","pid":1,"tid":10,"name":"thread_sort_index","args":{"sort_index":3}},
            {"ph":"M","pid":1,"tid":11,"name":"thread_name","args":{"name":"virtual#11"}},
            {"ph":"M","pid":1,"tid":11,"name":"thread_sort_index","args":{"sort_index":4}},
            {"ph":"M","pid":1,"tid":12,"name":"thread_name","args":{"name":"ünï\\tcode"}},
            {"ph":"M","pid":1,"tid":12,"name":"thread_sort_index","args":{"sort_index":5}},
            {"ph":"M","pid":1,"tid":13,"name":"thread_name","args":{"name":"carriage\\rreturn"}},
            {"ph":"M","pid":1,"tid":13,"name":"thread_sort_index","args":{"sort_index":6}},
            {"ph":"X","pid":1,"tid":7,"name":"running","cat":"state","ts":0.4,"dur":2049.6},
            {"ph":"X","pid":1,"tid":7,"name":"blocked","cat":"state","ts":2050.0,"dur":10295.6},
            {"ph":"X","pid":1,"tid":8,"name":"waiting","cat":"state","ts":1000.5,"dur":18999.5},
            {"ph":"X","pid":1,"tid":9,"name":"io","cat":"state","ts":2000.0,"dur":28000.0},
            {"ph":"X","pid":1,"tid":9,"name":"runnable","cat":"state","ts":30000.0,"dur":0.1},
            {"ph":"X","pid":1,"tid":10,"name":"unknown","cat":"state","ts":3000.0,"dur":37000.0},
            {"ph":"X","pid":1,"tid":11,"name":"unknown","cat":"state","ts":4250.0,"dur":95750.0},
            {"ph":"X","pid":1,"tid":11,"name":"sleeping","cat":"state","ts":100000.0,"dur":123356789.1},
            {"ph":"X","pid":1,"tid":12,"name":"running","cat":"state","ts":5000.0,"dur":1000.0},
            {"ph":"X","pid":1,"tid":13,"name":"runnable","cat":"state","ts":6000.0,"dur":1000.0},
            {"ph":"C","pid":1,"name":"busy cores","ts":0.0,"args":{"cores":0.333}},
            {"ph":"C","pid":1,"name":"busy cores","ts":5000.5,"args":{"cores":2.000}},
            {"ph":"C","pid":1,"name":"busy cores","ts":10000.0,"args":{"cores":0.000}}
            ]}
            """;
}
