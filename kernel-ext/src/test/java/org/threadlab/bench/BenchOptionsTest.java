package org.threadlab.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.threadlab.args.UsageException;

class BenchOptionsTest {
    private static final String USAGE = ".\nUsage: " + BenchOptions.USAGE_LINE;

    private static String error(String... tokens) {
        return assertThrows(UsageException.class, () -> BenchOptions.parse(tokens)).getMessage();
    }

    private static String problem(String... tokens) {
        return assertThrows(UsageException.class, () -> BenchOptions.parse(tokens)).problem();
    }

    @Test
    void parsesTheIssueExample() {
        BenchOptions o = BenchOptions.parse(List.of("threads=1,2,4,8", "--repeat", "5", "--warmup", "1", "--csv", "out.csv"));
        assertEquals(5, o.repeat());
        assertEquals(1, o.warmup());
        assertEquals(Path.of("out.csv"), o.csv());
        assertEquals("threads", o.sweep().threadVariable());
        assertEquals(List.of(1, 2, 4, 8), o.sweep().variable("threads").values());
        assertFalse(o.help());
    }

    @Test
    void acceptsFlagEqualsValueFormAndDefaults() {
        BenchOptions o = BenchOptions.parse("n=1", "--repeat=7", "--title=Split sum", "--svg");
        assertEquals(7, o.repeat());
        assertEquals(BenchOptions.DEFAULT_WARMUP, o.warmup());
        assertEquals("Split sum", o.title());
        assertTrue(o.svg());
        assertNull(o.sweep().threadVariable());
    }

    @Test
    void typesValuesAsIntLongDoubleOrString() {
        assertEquals(List.of(1, 2), SweepVariable.parse("a=1,2").values());
        assertEquals("int", SweepVariable.parse("a=1,2").javaType());
        assertEquals(List.of(400_000_000L, 1L), SweepVariable.parse("a=400_000_000L,1").values());
        assertEquals(List.of(5_000_000_000L), SweepVariable.parse("a=5_000_000_000").values());
        assertEquals(List.of(0.5, 1000.0), SweepVariable.parse("a=0.5,1e3").values());
        assertEquals("double", SweepVariable.parse("a=0.5,2").javaType());
        assertEquals(List.of("fair", "un fair", "1"), SweepVariable.parse("mode=fair,'un fair',1").values());
        assertEquals(List.of("a,b", "c"), SweepVariable.parse("s=\"a,b\",c").values());
        assertEquals(List.of("x", "2"), SweepVariable.parse("s=x,2").values());
    }

    @Test
    void expandsRanges() {
        assertEquals(List.of(1, 2, 3, 4), SweepVariable.parse("t=1..4").values());
        assertEquals(List.of(1, 2, 4, 8), SweepVariable.parse("t=1..8*2").values());
        assertEquals(List.of(0, 25, 50, 75, 100), SweepVariable.parse("t=0..100:25").values());
        assertEquals(List.of(1, 2, 3, 16), SweepVariable.parse("t=1..3,16").values());
    }

    @Test
    void severalVariablesMakeAGridFirstChangingSlowest() {
        BenchOptions o = BenchOptions.parse("threads=1,2", "size=10,20,30");
        List<Map<String, Object>> pts = o.sweep().points();
        assertEquals(6, pts.size());
        assertEquals(Map.of("threads", 1, "size", 10), pts.get(0));
        assertEquals(Map.of("threads", 1, "size", 20), pts.get(1));
        assertEquals(Map.of("threads", 2, "size", 30), pts.get(5));
        assertEquals(List.of("threads", "size"), List.copyOf(pts.get(0).keySet()));
    }

    @Test
    void threadVariableIsFoundByNameOrByX() {
        assertEquals("workers", BenchOptions.parse("size=1", "workers=1,2").sweep().threadVariable());
        assertEquals("nthreads", BenchOptions.parse("NThreads=1,2".toLowerCase()).sweep().threadVariable());
        assertEquals("p", BenchOptions.parse("p=1,2", "--x", "p").sweep().threadVariable());
    }

    @Test
    void helpNeedsNoSweepAndListsEveryOption() {
        assertTrue(BenchOptions.parse("--help").help());
        assertTrue(BenchOptions.parse("-h").help());
        String usage = BenchOptions.usage();
        for (String flag : List.of("--repeat", "--warmup", "--csv", "--svg", "--title", "--x", "--help")) {
            assertTrue(usage.contains("\n  " + flag), flag);
        }
        assertTrue(usage.contains("%timeit"), usage);
    }

    @Test
    void unknownFlagIsOneSentenceWithUsage() {
        assertEquals("%%bench does not know the argument '--rpt'" + USAGE, error("threads=1,2", "--rpt", "5"));
    }

    @Test
    void emptySweepIsRejected() {
        assertEquals("The sweep 'threads=' has no values" + USAGE, error("threads="));
        assertEquals("There is nothing to sweep; give at least one NAME=V1,V2,...\nUsage: " + BenchOptions.USAGE_LINE,
                error("--repeat", "3"));
        assertEquals("The sweep 'threads=1,,2' has an empty value" + USAGE, error("threads=1,,2"));
    }

    @Test
    void nonNumericThreadCountsAreRejected() {
        assertEquals("Thread counts must be whole numbers from 1 to 10000, but threads has 'two'" + USAGE,
                error("threads=1,two"));
        assertEquals("Thread counts must be whole numbers from 1 to 10000, but threads has '0'" + USAGE,
                error("threads=0,1"));
        assertEquals("Thread counts must be whole numbers from 1 to 10000, but p has '1.5'" + USAGE,
                error("p=1.5", "--x", "p"));
    }

    @Test
    void badFlagValuesNameTheFlag() {
        assertEquals("--repeat must be a whole number of at least 1, not 'five'" + USAGE, error("n=1", "--repeat", "five"));
        assertEquals("--repeat must be a whole number of at least 1, not '0'" + USAGE, error("n=1", "--repeat=0"));
        assertEquals("--warmup must be a whole number of at least 0, not '-1'" + USAGE, error("n=1", "--warmup", "-1"));
        assertEquals("--csv needs a value" + USAGE, error("n=1", "--csv"));
        assertEquals("--x names 'q', which is not a swept variable (n)" + USAGE, error("n=1", "--x", "q"));
    }

    @Test
    void malformedSweepsAreRejected() {
        assertEquals("'fast' is not a sweep; write NAME=V1,V2,... with NAME a Java identifier" + USAGE, error("fast"));
        assertEquals("The variable 'n' is swept twice" + USAGE, error("n=1", "n=2"));
        assertEquals("The range '8..1' in 'n=8..1' is empty or never ends" + USAGE, error("n=8..1"));
        assertEquals("The sweep 'n=1..100000' has more than 1000 values" + USAGE, error("n=1..100000"));
    }

    @Test
    void everyErrorIsASingleSentence() {
        for (String[] bad : List.of(new String[] {"--bogus"}, new String[] {"threads="}, new String[] {"threads=a"},
                new String[] {"n=1", "--repeat"})) {
            String m = problem(bad);
            assertFalse(m.contains("\n"), m);
            assertFalse(m.matches("(?s).*\\.\\s+[A-Z].*"), m);   // no second sentence
            assertEquals(m + "\nUsage: " + BenchOptions.USAGE_LINE, error(bad));
        }
    }
}
