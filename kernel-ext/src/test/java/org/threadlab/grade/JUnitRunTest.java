package org.threadlab.grade;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class JUnitRunTest {

    static class Sample {
        @Test
        @Points(3)
        void good() {
        }

        @Test
        void bad() {
            assertEquals(46, 45, "sum");
        }

        @Test
        void alsoShared() {
        }
    }

    static class Throwing {
        @Test
        void npe() {
            Object o = null;
            o.hashCode();
        }

        @Test
        void assertionThatReadsLikeAnException() {
            throw new AssertionError("IllegalStateException: the pool was shut down twice");
        }
    }

    @Test
    void anExceptionIsAnErrorOfItsTypeAndAnAssertionAFailureWhateverItsMessageSays() {
        TestReport r = new JUnitRun("t", 2, true).run(List.of(Throwing.class));
        TestResult npe = r.tests().stream().filter(t -> t.name().equals("Throwing.npe")).findFirst().orElseThrow();
        TestResult assertion = r.tests().stream().filter(t -> t.name().startsWith("Throwing.assertion")).findFirst().orElseThrow();
        assertEquals("NullPointerException", npe.thrown());
        assertEquals("", assertion.thrown());
        String xml = r.junitXml("s");
        assertTrue(xml.contains("failures=\"1\" errors=\"1\""), xml);
        assertTrue(xml.contains("<failure message=\"IllegalStateException: the pool was shut down twice\" type=\"AssertionFailedError\">"), xml);
        assertTrue(xml.contains("type=\"NullPointerException\">"), xml);
        assertEquals(r, ReportJson.read(ReportJson.write(r)), "the type travels from the grading child");
    }

    @Test
    void collectsStatusPointsAndExpectedActual() {
        TestReport r = new JUnitRun("t", 4, true).run(List.of(Sample.class));
        assertEquals(3, r.tests().size());
        TestResult bad = r.tests().stream().filter(t -> t.name().equals("Sample.bad")).findFirst().orElseThrow();
        assertEquals(TestResult.Status.FAILED, bad.status());
        assertEquals("46", bad.expected());
        assertEquals("45", bad.actual());
        assertEquals(2, bad.maxPoints());
        assertEquals(5, r.points());
        assertEquals(7, r.maxPoints());
        assertTrue(r.text().contains("1 failed"));
        TestReport back = TestReport.fromJson(r.toJson());
        assertEquals(r, back);
        assertTrue(r.gradescopeJson().contains("\"max_score\": 2"));
        assertTrue(r.junitXml("s").contains("<failure message=\"sum ==&gt; expected: &lt;46&gt; but was: &lt;45&gt;\" type=\"AssertionFailedError\">"));
    }

    @Test
    void plannedTestsMatchWhatRuns() {
        JUnitCellSource s = JUnitCellSource.of("@Test @Points(2)\nvoid a() {}\n\n@Test\nvoid b() { if (true) { } }\nstatic int helper() { return 1; }");
        assertTrue(s.wrapped());
        assertEquals(List.of(new JUnitCellSource.Planned("a", 2.0), new JUnitCellSource.Planned("b", null)), s.plannedTests());
        JUnitCellSource c = JUnitCellSource.of("class SumTests {\n  @Test void x() {}\n}\nclass More { @Test @Points(1.5) void y() {} }");
        assertEquals(List.of("SumTests", "More"), c.classNames());
        assertEquals(List.of(new JUnitCellSource.Planned("SumTests.x", null), new JUnitCellSource.Planned("More.y", 1.5)), c.plannedTests());
    }

    static class Printing {
        @Test
        void a_logsToStderr() throws InterruptedException {
            System.err.println("warning from a");
            Thread t = new Thread(() -> System.out.println("worker of a"));
            t.start();
            t.join();
        }

        @Test
        void b_fails() {
            System.out.println("b says hi");
            fail("b failed");
        }

        @Test
        void c_quiet() {
        }
    }

    private static void fail(String why) {
        throw new AssertionError(why);
    }

    @Test
    void whatTestsPrintGoesIntoTheirResultsNotToTheStreams() {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream seen = new ByteArrayOutputStream();
        PrintStream spy = new PrintStream(seen, true, StandardCharsets.UTF_8);
        System.setOut(spy);
        System.setErr(spy);
        TestReport r;
        try {
            r = new JUnitRun("t", Double.NaN, false).run(List.of(Printing.class));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
        assertEquals("", seen.toString(StandardCharsets.UTF_8), "nothing reaches the streams while tests run");
        assertEquals("warning from a\nworker of a\n", r.tests().get(0).output());
        assertEquals("b says hi\n", r.tests().get(1).output());
        assertEquals("", r.tests().get(2).output());
        assertTrue(r.tests().get(1).feedback().contains("printed while it ran:\n  b says hi"), r.tests().get(1).feedback());
        assertTrue(r.text().contains("  warning from a"), "a passing test's output is in the table too:\n" + r.text());
        assertEquals(r, TestReport.fromJson(r.toJson()));
    }

    @Test
    void aTestThatPrintsWithoutEndKeepsOnlyTheCap() {
        try (TestOutput o = TestOutput.open()) {
            byte[] line = "x".repeat(1023).concat("\n").getBytes(StandardCharsets.UTF_8);
            for (int i = 0; i < 200; i++) {
                System.out.write(line, 0, line.length);
            }
            String kept = o.endTest();
            assertTrue(kept.length() < TestOutput.CAP + 100, "kept " + kept.length());
            assertTrue(kept.endsWith("(" + (200 * 1024 - TestOutput.CAP) + " more bytes not kept)\n"), kept.substring(kept.length() - 80));
            assertEquals("", o.endTest());
        }
    }

    @Test
    void aCellEarnsAllOrNotAndSaysWhetherItGivesPartialCredit() {
        TestReport r = new JUnitRun("t", 4, true).run(List.of(Sample.class));
        assertFalse(JUnitCellSource.earnedAll(r));
        assertTrue(JUnitCellSource.earnedAll(new TestReport("t", List.of(r.tests().get(0)).stream()
                .filter(TestResult::passed).toList())));
        assertTrue(JUnitCellSource.partialCredit("\n%%junit --points 4 --partial-credit\n@Test void a() {}"));
        assertFalse(JUnitCellSource.partialCredit("%%junit --points 4\n// --partial-credit\n@Test void a() {}"));
        TestResult zeroed = r.tests().get(0).withPoints(0, "why");
        assertEquals(0, zeroed.points());
        assertEquals(r.tests().get(0).maxPoints(), zeroed.maxPoints());
        assertTrue(zeroed.message().endsWith("why"));
    }
}
