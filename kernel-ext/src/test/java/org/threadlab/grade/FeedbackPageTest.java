package org.threadlab.grade;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FeedbackPageTest {
    private static final String CELL_6 = "class Bank {\n    static void transfer(Account a, Account b, int n) {\n        a.balance -= n;\n    }\n}";

    private static TestResult passed(String name) {
        return new TestResult(name, TestResult.Status.PASSED, 12, 2, 2, "", null, null, "");
    }

    private static TestResult failed(String name, String message, String frames) {
        return new TestResult(name, TestResult.Status.FAILED, 2040, 0, 2, message, null, null, frames);
    }

    private static String page(List<FeedbackPage.Task> tasks, List<String> notes, Set<String> hidden) {
        List<TestResult> all = tasks.stream().flatMap(t -> t.tests().stream()).toList();
        String reason = String.join("; ", notes);
        Grader.Grade g = new Grader.Grade("ada", new TestReport("ada", all), reason, 1,
                new FeedbackPage.Context(Map.of(6, CELL_6, 8, "int x = 1;\nlatch.await();"), tasks, notes, hidden));
        return FeedbackPage.html(g, "5050\n");
    }

    @Test
    void failingTasksAndFailingTestsComeFirst() {
        String html = page(List.of(new FeedbackPage.Task("test_sum", List.of(passed("sumIsRight")), true),
                new FeedbackPage.Task("test_bank", List.of(passed("keepsTheMoney"), failed("noDeadlock", "deadlock", "")), true)),
                List.of(), Set.of());
        assertTrue(html.indexOf("id=\"task-test_bank\"") < html.indexOf("id=\"task-test_sum\""));
        assertTrue(html.indexOf("noDeadlock") < html.indexOf("keepsTheMoney"), "the failed test before the passed one");
        assertTrue(html.contains("test_bank <span class=\"pts\">2 / 4 points</span>"));
        assertTrue(html.contains("<tr class=\"failed\">"));
    }

    @Test
    void framesInHiddenCodeAreLeftOutAndTheStudentsCellIsQuotedWithTheLineMarked() {
        String frames = "  at Bank.transfer (cell [6], line 3)\n  at JUnitCell.lambda (cell [10003], line 6)\n  at JUnitCell.noDeadlock (cell [10003], line 14)";
        String html = page(List.of(new FeedbackPage.Task("test_bank", List.of(failed("noDeadlock", "boom", frames)), true)), List.of(), Set.of());
        assertFalse(html.contains("JUnitCell"), html);
        assertFalse(html.contains("10003"), html);
        assertTrue(html.contains("at Bank.transfer (cell [6], line 3)"));
        assertTrue(html.contains("<figcaption>your cell 6, line 3</figcaption>"));
        assertTrue(html.contains("<mark class=\"line\">▶  3          a.balance -= n;</mark>"), html);
        assertTrue(html.contains("<span class=\"line\">   1  class Bank {</span>"));
    }

    @Test
    void testsThatNeverRanAreListedOnceWithTheirReasonOnce() {
        String why = "the notebook called System.exit during cell 8";
        String html = page(List.of(new FeedbackPage.Task("test_sum", List.of(TestResult.failed("a", 2, why), TestResult.failed("b", 2, why)), false),
                new FeedbackPage.Task("test_bank", List.of(TestResult.failed("c", 4, why)), false)), List.of(why), Set.of());
        assertEquals(1, html.split("System.exit during cell 8", -1).length - 1, html);
        assertFalse(html.contains("<tr class=\"failed\">"));
        assertTrue(html.contains("<b>test_sum</b> (4 points): <code>a</code>, <code>b</code>"));
        assertTrue(html.contains("<figcaption>your cell 8</figcaption>"), "the cell the note names is quoted");
    }

    @Test
    void linesOfTheHiddenTestsSourceNeverShow() {
        String secret = "assertRanConcurrently(2, () -> SumTask.parallelSum(0, 100_000_000L, 4));";
        String message = "the hidden tests could not run: line 10: cannot find symbol\n    " + secret + "\n    ^";
        String html = page(List.of(new FeedbackPage.Task("test_sum", List.of(TestResult.failed("a", 2, message)), false)),
                List.of(), Set.of(secret));
        assertFalse(html.contains("SumTask.parallelSum(0, 100_000_000L"), html);
        assertTrue(html.contains("cannot find symbol"));
    }

    @Test
    void aHiddenTestCellInANoteIsNotTakenForAStudentCell() {
        String html = page(List.of(new FeedbackPage.Task("test_sum", List.of(passed("a")), true)),
                List.of("timed out after 30 s during hidden test cell 6 (test_bank)"), Set.of());
        assertFalse(html.contains("your cell 6"), html);
    }

    @Test
    void everythingTheStudentWroteIsEscaped() {
        String html = page(List.of(new FeedbackPage.Task("<script>x</script>", List.of(failed("t<b>", "a </pre><script>", "")), true)),
                List.of("<img src=x onerror=alert(1)>"), Set.of());
        assertFalse(html.contains("<script>"));
        assertFalse(html.contains("<img"));
        assertFalse(html.contains("t<b>"));
    }
}
