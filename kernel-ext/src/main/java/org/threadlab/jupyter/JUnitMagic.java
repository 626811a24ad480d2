package org.threadlab.jupyter;

import java.util.List;
import org.threadlab.ThreadLab;
import org.threadlab.args.Args;
import org.threadlab.grade.JUnitCellSource;
import org.threadlab.grade.TestReport;
import org.threadlab.grade.TestResult;
import org.threadlab.json.Json;
import org.threadlab.text.Html;

/**
 * {@code %%junit [--points N] [--partial-credit] [--out NAME]}: the cell holds JUnit Jupiter tests
 * (test classes, or bare test methods wrapped into a class); they are defined in the notebook, so
 * they see its current definitions, and run through the JUnit Platform Launcher. Shows a results
 * table as {@code display_data} (HTML, and the same as text with counts and points); what the code
 * printed while the tests ran is in the table, under its test, not in the cell's output.
 *
 * <p><b>nbgrader.</b> Its autograde scores a grade cell 0 when it has an error or any stderr
 * output, reads a numeric {@code execute_result} as the points earned, and gives full points
 * otherwise. So a cell that earns every point shows only the table (full points); one that does
 * not ends as an error after the table (0), or, with {@code --partial-credit}, with its points
 * earned as the cell's result and no error. The batch grader scores nbgrader grade cells the same
 * way ({@code org.threadlab.grade.Grader}).
 */
final class JUnitMagic implements CellMagic {
    static final MagicSpec SPEC = new MagicSpec("junit", true,
            "run the JUnit Jupiter tests in the cell against the notebook: results table, points, failures explained",
            "%%junit --points 4\n@Test void sums() { assertEquals(500500L, SplitSum.sum(1, 1001, 4)); }");
    static final String USAGE_LINE = "%%junit [--points N] [--partial-credit] [--out NAME] [--help]";
    private static final String HELP = USAGE_LINE + "\n\n"
            + "Runs the JUnit Jupiter tests in the cell against the notebook's current definitions.\n"
            + "The cell holds test classes (class SumTests { @Test void ... }) or bare test methods.\n"
            + "Imported already: org.junit.jupiter.api.*, static Assertions.*, static\n"
            + "org.threadlab.grade.Concurrency.* (assertRanConcurrently, assertNoThreadLeftBehind,\n"
            + "assertFinishesWithin, assertSameResult, assertSpeedup) and org.threadlab.grade.Points.\n\n"
            + "  --points N        the cell's tests share N points evenly; a test with @Points(p) is worth p\n"
            + "                    (without --points each test is worth 1)\n"
            + "  --partial-credit  when some tests fail, end with the points earned as the cell's result\n"
            + "                    (a number nbgrader reads as partial credit) instead of an error\n"
            + "  --out NAME        also bind the TestReport to the notebook variable NAME\n"
            + "                    (it is always available as ThreadLab.lastJUnit())\n\n"
            + "The table is shown as display data; what the code printed while the tests ran is in it,\n"
            + "under its test. A cell that does not earn every point ends as an error after the table\n"
            + "(nbgrader's autograde and ./threadlab grade give an nbgrader grade cell 0 then), unless\n"
            + "--partial-credit: make --points the grade cell's nbgrader points, so both read the same scale.";

    /** The cell's tests failed: its message names them, and the kernel shows it as the cell's error. */
    static final class TestsFailed extends IllegalStateException {
        TestsFailed(String message) {
            super(message);
        }
    }

    @Override
    public DisplayData eval(Kernel kernel, List<String> args, String body) {
        Args a = Args.parser("%%junit", USAGE_LINE).values("--points", "--out").switches(JUnitCellSource.PARTIAL_CREDIT)
                .parse(args);
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
        DisplayData table = new DisplayData(report.text());
        table.putHTML(report.html());
        // display data, never the cell's result: nbgrader would try to read a result as points
        kernel.display(table);
        if (JUnitCellSource.earnedAll(report)) {
            return null;
        }
        String what = shortfall(report);
        if (a.has(JUnitCellSource.PARTIAL_CREDIT)) {
            DisplayData earned = new DisplayData(Json.number(report.points()));
            earned.putHTML("<p style=\"color:#D55E00\"><b>✘ " + Html.escape(what) + "</b> (partial credit)</p>");
            return earned;
        }
        throw new TestsFailed(what);
    }

    /** {@code 1 of 2 tests failed (AdderTests.twoAndTwo); 2/4 points.} */
    private static String shortfall(TestReport report) {
        StringBuilder s = new StringBuilder();
        for (TestResult.Status status : List.of(TestResult.Status.FAILED, TestResult.Status.SKIPPED)) {
            List<String> names = report.tests().stream().filter(t -> t.status() == status).map(TestResult::name).toList();
            if (!names.isEmpty()) {
                s.append(s.isEmpty() ? "" : ", ").append(names.size()).append(" of ").append(report.tests().size())
                        .append(" tests ").append(status.word()).append(" (").append(String.join(", ", names)).append(')');
            }
        }
        return s.append("; ").append(report.score()).append('.').toString();
    }
}
