package org.threadlab.jupyter;

import java.util.List;
import org.threadlab.ThreadLab;
import org.threadlab.args.Args;
import org.threadlab.grade.JUnitCellSource;
import org.threadlab.grade.TestReport;
import org.threadlab.grade.TestResult;

/**
 * {@code %%junit [--points N] [--out NAME]}: the cell holds JUnit Jupiter tests (test classes,
 * or bare test methods wrapped into a class); they are defined in the notebook, so they see its
 * current definitions, and run through the JUnit Platform Launcher. Shows a results table
 * (HTML, and the same as text with counts and points). When a test fails, the cell also ends
 * as a Jupyter error, which is how nbgrader's autograde scores a test cell.
 */
final class JUnitMagic implements CellMagic {
    static final MagicSpec SPEC = new MagicSpec("junit", true,
            "run the JUnit Jupiter tests in the cell against the notebook: results table, points, failures explained",
            "%%junit --points 4\n@Test void sums() { assertEquals(500500L, SplitSum.sum(1, 1001, 4)); }");
    static final String USAGE_LINE = "%%junit [--points N] [--out NAME] [--help]";
    private static final String HELP = USAGE_LINE + "\n\n"
            + "Runs the JUnit Jupiter tests in the cell against the notebook's current definitions.\n"
            + "The cell holds test classes (class SumTests { @Test void ... }) or bare test methods.\n"
            + "Imported already: org.junit.jupiter.api.*, static Assertions.*, static\n"
            + "org.threadlab.grade.Concurrency.* (assertRanConcurrently, assertNoThreadLeftBehind,\n"
            + "assertFinishesWithin, assertSameResult, assertSpeedup) and org.threadlab.grade.Points.\n\n"
            + "  --points N   the cell's tests share N points evenly; a test with @Points(p) is worth p\n"
            + "               (without --points each test is worth 1)\n"
            + "  --out NAME   also bind the TestReport to the notebook variable NAME\n"
            + "               (it is always available as ThreadLab.lastJUnit())\n\n"
            + "A failing test ends the cell as an error after the table (nbgrader autograde counts it).";

    /** The cell's tests failed: its message names them, and the kernel shows it as the cell's error. */
    static final class TestsFailed extends IllegalStateException {
        TestsFailed(String message) {
            super(message);
        }
    }

    @Override
    public DisplayData eval(Kernel kernel, List<String> args, String body) {
        Args a = Args.parser("%%junit", USAGE_LINE).values("--points", "--out").parse(args);
        if (a.help()) {
            return new DisplayData(HELP);
        }
        String out = a.javaName("--out");
        double points = a.decimal("--points", Double.NaN, 0, 1_000_000);
        if (body.isBlank()) {
            throw a.error("%%junit needs JUnit tests in the cell, below the %%junit line.");
        }
        TestReport report = JUnitCellSource.of(body).run(kernel::evalRaw, points);
        ThreadLab.rememberJUnit(report);
        OutVariable.bind(kernel, out, "org.threadlab.ThreadLab.lastJUnit()");
        if (report.tests().isEmpty()) {
            throw a.error("%%junit found no tests in the cell: annotate test methods with @Test.");
        }
        DisplayData data = new DisplayData(report.text());
        data.putHTML(report.html());
        if (!report.allPassed()) {
            kernel.display(data);
            List<String> failed = report.tests().stream().filter(t -> t.status() == TestResult.Status.FAILED)
                    .map(TestResult::name).toList();
            throw new TestsFailed(report.failed() + " of " + report.tests().size() + " tests failed ("
                    + String.join(", ", failed) + "); " + report.score() + ".");
        }
        return data;
    }
}
