package org.threadlab.grade;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.threadlab.json.Json;

/** Gradescope's results.json, the LMS gradebook, exact sums and task-qualified names. */
class GradeFilesTest {
    /** The fields Gradescope's autograder specification defines, at the top and per test. */
    static final Set<String> TOP = Set.of("score", "execution_time", "output", "output_format", "test_output_format",
            "test_name_format", "visibility", "stdout_visibility", "extra_data", "tests", "leaderboard");
    static final Set<String> TEST = Set.of("score", "max_score", "status", "name", "name_format", "number", "output",
            "output_format", "tags", "visibility", "extra_data");

    static TestResult passed(String name, double points) {
        return new TestResult(name, TestResult.Status.PASSED, 7, points, points, "", null, null, "");
    }

    static TestResult failedAssert(String name, double max) {
        return new TestResult(name, TestResult.Status.FAILED, 3, 0, max, "expected 4", "4", "3", "");
    }

    static final double THIRD = 4 / 3.0;
    static final TestReport THIRDS = new TestReport("alice", List.of(passed("test_a.one", THIRD), passed("test_a.two", THIRD),
            passed("test_a.three", THIRD), failedAssert("test_b.works", 2),
            new TestResult("test_c.works", TestResult.Status.SKIPPED, 0, 0, 1, "disabled", null, null, "")));

    @SuppressWarnings("unchecked")
    static Map<String, Object> json(String s) {
        return (Map<String, Object>) Json.parse(s);
    }

    @Test
    @SuppressWarnings("unchecked")
    void gradescopeResultsHaveOnlyTheSpecsFieldsWithNumbersVisibilityAndExactScores() {
        Map<String, Object> r = json(GradescopeJson.of(THIRDS, "cell 8 was stopped", 12.3456, task -> task.equals("test_b") ? "after_published" : null));
        assertTrue(TOP.containsAll(r.keySet()), "top-level fields outside the spec: " + r.keySet());
        assertFalse(r.containsKey("max_score"), "the spec has no top-level max_score");
        assertEquals(4.0, r.get("score"));
        assertEquals(12.346, r.get("execution_time"));
        assertEquals("text", r.get("output_format"));
        assertTrue(((String) r.get("output")).startsWith("cell 8 was stopped — "));
        List<Map<String, Object>> tests = (List<Map<String, Object>>) r.get("tests");
        assertEquals(5, tests.size());
        double sum = 0;
        for (Map<String, Object> t : tests) {
            assertTrue(TEST.containsAll(t.keySet()), "test fields outside the spec: " + t.keySet());
            assertTrue(t.keySet().containsAll(Set.of("name", "number", "score", "max_score", "output", "output_format", "extra_data")), t.toString());
            sum += (Double) t.get("score");
        }
        assertEquals(4.0, sum, 0.0, "the tests' scores add up to the score exactly");
        assertEquals(List.of("1.1", "1.2", "1.3", "2.1", "3.1"), tests.stream().map(t -> t.get("number")).toList());
        assertEquals(List.of(1.34, 1.33, 1.33), tests.subList(0, 3).stream().map(t -> t.get("score")).toList());
        assertEquals("test_b.works", tests.get(3).get("name"));
        assertEquals("failed", tests.get(3).get("status"));
        assertEquals("after_published", tests.get(3).get("visibility"));
        assertFalse(tests.get(0).containsKey("visibility"), "no visibility unless the instructor set one");
        assertEquals(0.007, ((Map<String, Object>) tests.get(0).get("extra_data")).get("execution_time"));
        Map<String, Object> skipped = tests.get(4);
        assertFalse(skipped.containsKey("status"), "Gradescope knows only passed and failed: a skipped test is neither");
        assertEquals(List.of("skipped"), skipped.get("tags"));
        assertEquals("skipped: disabled", skipped.get("output"));
    }

    @Test
    void hundredthsAddUpToTheRoundedTotal() {
        assertArrayEquals(new long[] {134, 133, 133}, Hundredths.apportion(new double[] {THIRD, THIRD, THIRD}));
        assertArrayEquals(new long[] {67, 67, 66}, Hundredths.apportion(new double[] {2 / 3.0, 2 / 3.0, 2 / 3.0}));
        assertArrayEquals(new long[] {10, 20, 30}, Hundredths.apportion(new double[] {0.1, 0.2, 0.3}));
        double[] sevenths = new double[7];
        java.util.Arrays.fill(sevenths, 1 / 7.0);
        assertEquals(100, java.util.Arrays.stream(Hundredths.apportion(sevenths)).sum());
        assertEquals("4", Hundredths.format(400));
        assertEquals("1.3", Hundredths.format(130));
        assertEquals("0.05", Hundredths.format(5));
    }

    static Grader.Grade grade(String student, TestReport r, String reason) {
        return new Grader.Grade(student, r, reason, 1.0);
    }

    @Test
    void gradebookIsAnIdAndOneTotalUnlessDetailIsAsked() {
        List<Grader.Grade> grades = List.of(grade("alice", THIRDS, ""), grade("bob", new TestReport("bob", List.of(
                passed("test_a.one", THIRD), failedAssert("test_a.two", THIRD), failedAssert("test_a.three", THIRD),
                passed("test_b.works", 2), TestResult.failed("test_c.works", 1, "not run"))), "timed out, badly"));
        assertEquals("student,score\r\nalice,4\r\nbob,3.33\r\n", Gradebook.csv(grades, Gradebook.Format.DEFAULT));
        String detail = Gradebook.csv(grades, new Gradebook.Format(null, "HW 3", true));
        assertEquals("student,HW 3,max_score,reason,test_a.one,test_a.two,test_a.three,test_b.works,test_c.works\r\n"
                + "alice,4,7,,1.34,1.33,1.33,0,0\r\n"
                + "bob,3.33,7,\"timed out, badly\",1.33,0,0,2,0\r\n", detail);
    }

    @Test
    void aRosterGivesTheLmsIdColumnsInItsOrder(@TempDir Path dir) throws Exception {
        Path roster = dir.resolve("roster.csv");
        // as a Canvas export with a file column added: quoted names with commas, a Points Possible row without a file
        Files.writeString(roster, "\uFEFFStudent,ID,SIS User ID,SIS Login ID,Section,file\r\n"
                + "    Points Possible,,,,,\r\n"
                + "\"Zed, Zoe\",12,s12,zoe,A,zoe.ipynb\r\n"
                + "\"Bach, Al\",7,s7,al,B,alice\r\n");
        Gradebook.Roster r = Gradebook.Roster.read(roster);
        assertEquals(List.of("Student", "ID", "SIS User ID", "SIS Login ID", "Section"), r.columns());
        assertEquals(List.of("bob"), Gradebook.unlisted(r, List.of("alice", "bob")));
        String csv = Gradebook.csv(List.of(grade("alice", THIRDS, "")), new Gradebook.Format(r, "Threads (123)", false));
        assertEquals("Student,ID,SIS User ID,SIS Login ID,Section,Threads (123)\r\n"
                + "\"Zed, Zoe\",12,s12,zoe,A,\r\n"
                + "\"Bach, Al\",7,s7,al,B,4\r\n", csv);
    }

    @Test
    void aBadRosterIsOneSentence(@TempDir Path dir) throws Exception {
        Path roster = dir.resolve("r.csv");
        Files.writeString(roster, "name,id\nAl,7\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Gradebook.Roster.read(roster));
        assertTrue(e.getMessage().contains("has no column named file"), e.getMessage());
        Files.writeString(roster, "file,id\na,1\na.ipynb,2\n");
        e = assertThrows(IllegalArgumentException.class, () -> Gradebook.Roster.read(roster));
        assertTrue(e.getMessage().contains("names a in two rows"), e.getMessage());
    }

    @Test
    void cellsASpreadsheetWouldRunAsFormulasAreDefused() {
        assertEquals("'=1+1", Gradebook.quote("=1+1"));
        assertEquals("\"'=HYPERLINK(\"\"x\"\")\"", Gradebook.quote("=HYPERLINK(\"x\")"));
        assertEquals("-1.5", Gradebook.quote("-1.5"));
    }

    @Test
    void twoTestsCalledWorksInDifferentTasksStayApartAndInThePlannedOrder() {
        TaskNames sum = TaskNames.forCell("test_sum", 1);
        TaskNames bare = TaskNames.forCell(null, 2);
        assertEquals("test_sum.works", sum.qualify("works"));
        assertEquals("test_sum.Tests.works", sum.qualify("Tests.works"));
        assertEquals("test_sum.works", sum.qualify("test_sum.works"), "never twice");
        assertEquals("hidden_cell_2.works", bare.qualify("works"));
        assertEquals("BankTests.works", bare.qualify("BankTests.works"), "a test class is a task already");
        assertEquals("a_b.works", TaskNames.forCell("a.b", 1).qualify("works"), "a dot in a grade_id would blur the task");
        List<TestResult> planned = List.of(TestResult.failed("test_sum.zeta", 1, "not run"), TestResult.failed("test_sum.alpha", 1, "not run"));
        List<TestResult> ran = sum.inPlannedOrder(List.of(passed("alpha", 1), passed("zeta", 1), passed("extra (setup)", 0)), planned);
        assertEquals(List.of("test_sum.zeta", "test_sum.alpha", "test_sum.extra (setup)"), ran.stream().map(TestResult::name).toList());
        List<TestResult> twice = TaskNames.unique(List.of(passed("works", 1), passed("works", 1)));
        assertEquals(List.of("works", "works (2)"), twice.stream().map(TestResult::name).toList());
    }

    @Test
    void aVisibilityGradescopeDoesNotKnowIsRefused() {
        assertEquals("hidden", TaskNames.visibility("hidden", "hidden test cell 1"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TaskNames.visibility("secret", "hidden test cell 1"));
        assertEquals("hidden test cell 1 has metadata.threadlab.visibility \"secret\", but Gradescope knows only after_due_date,"
                + " after_published, hidden, visible.", e.getMessage());
    }

    @Test
    void reportJsonKeepsWhetherATestRan() {
        TestReport r = new TestReport("t", List.of(TestResult.failed("a.b", 2, "not run"), passed("a.c", 1)));
        TestReport back = ReportJson.read(ReportJson.write(r));
        assertEquals(r, back);
        assertFalse(back.tests().get(0).ran());
        assertTrue(back.tests().get(1).ran());
    }
}
