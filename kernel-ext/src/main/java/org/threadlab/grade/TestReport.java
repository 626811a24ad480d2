package org.threadlab.grade;

import java.util.List;

/**
 * The results of a set of graded tests: a plain value. Its renderers are format classes:
 * {@link ReportTable} (text and HTML, for people), {@link JUnitXml} and {@link GradescopeJson} (for
 * tools) and {@link ReportJson} (from a grading JVM to the grader); the methods below name them.
 *
 * <pre>{@code
 * TestReport r = ThreadLab.lastJUnit();
 * r.passed() + "/" + r.tests().size() + ", " + r.points() + " of " + r.maxPoints() + " points"
 * }</pre>
 *
 * <p>Immutable, so safe to share between threads.
 */
public record TestReport(String title, List<TestResult> tests) {

    public TestReport {
        tests = List.copyOf(tests);
    }

    public long passed() {
        return tests.stream().filter(t -> t.status() == TestResult.Status.PASSED).count();
    }

    public long failed() {
        return tests.stream().filter(t -> t.status() == TestResult.Status.FAILED).count();
    }

    public long skipped() {
        return tests.stream().filter(t -> t.status() == TestResult.Status.SKIPPED).count();
    }

    public double points() {
        return tests.stream().mapToDouble(TestResult::points).sum();
    }

    public double maxPoints() {
        return tests.stream().mapToDouble(TestResult::maxPoints).sum();
    }

    public boolean allPassed() {
        return failed() == 0;
    }

    /** {@code 3 passed, 1 failed, 0 skipped; 6/8 points}. */
    public String counts() {
        return passed() + " passed, " + failed() + " failed, " + skipped() + " skipped; "
                + score();
    }

    /** {@code 6/8 points}. */
    public String score() {
        return ReportTable.points(points()) + "/" + ReportTable.points(maxPoints()) + " points";
    }

    @Override
    public String toString() {
        return title + ": " + counts();
    }

    // ---- renderers: the format classes, named here for notebooks ------------------------------

    /** {@link ReportTable#text}: a fixed-width table with each failure's feedback under its row, then the counts. */
    public String text() {
        return ReportTable.text(this);
    }

    /** {@link ReportTable#html}: the same table in HTML. */
    public String html() {
        return ReportTable.html(this);
    }

    /** {@link JUnitXml#suite}: one {@code <testsuite>} element named {@code suite}. */
    public String junitXml(String suite) {
        return JUnitXml.suite(this, suite);
    }

    /** {@link GradescopeJson#of}: Gradescope's {@code results.json}. */
    public String gradescopeJson() {
        return GradescopeJson.of(this);
    }

    /** {@link ReportJson#write}: everything, as JSON that {@link #fromJson} reads back. */
    public String toJson() {
        return ReportJson.write(this);
    }

    /** {@link ReportJson#read}. */
    public static TestReport fromJson(String json) {
        return ReportJson.read(json);
    }
}
