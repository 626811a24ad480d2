package org.threadlab.grade;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
}
