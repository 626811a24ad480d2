package org.threadlab.grade;

import java.util.List;
import java.util.Locale;
import org.threadlab.text.Durations;
import org.threadlab.text.Html;

/**
 * A {@link TestReport} as a table for people: fixed-width text for the notebook and the console,
 * and the same table in HTML ({@link Html}) for notebooks and feedback pages.
 * Each failure's feedback, and what any test printed, stands under its row.
 *
 * <pre>{@code
 * System.out.println(ReportTable.text(report));
 * }</pre>
 *
 * <p>Stateless and thread-safe.
 */
public final class ReportTable {
    private ReportTable() {
    }

    /** The fixed-width table, then the counts. */
    public static String text(TestReport report) {
        int width = Math.max(4, report.tests().stream().mapToInt(t -> t.name().length()).max().orElse(4));
        StringBuilder s = new StringBuilder();
        s.append(report.title()).append('\n');
        s.append(pad("test", width)).append("  status       time  points\n");
        for (TestResult t : report.tests()) {
            s.append(pad(t.name(), width)).append("  ").append(pad(t.status().word(), 7))
                    .append(String.format(Locale.ROOT, "%10s", Durations.format(t.millis()))).append("  ")
                    .append(points(t.points())).append('/').append(points(t.maxPoints())).append('\n');
            if (!t.feedback().isEmpty()) { // a passing test's feedback is what it printed, if anything
                for (String line : t.feedback().split("\n")) {
                    s.append("    ").append(line).append('\n');
                }
            }
        }
        s.append(report.counts());
        return s.toString();
    }

    /** The same table in HTML; each failure's feedback under its row, as in the text. */
    public static String html(TestReport report) {
        Html.Table table = new Html.Table().column("test", false).column("status", false).column("time", true)
                .column("points", true);
        for (TestResult t : report.tests()) {
            String mark = switch (t.status()) {
                case PASSED -> Html.coloured("✔ passed", "#009E73");
                case FAILED -> Html.coloured("<b>✘ failed</b>", "#D55E00");
                case SKIPPED -> Html.coloured("– skipped", "#777777");
            };
            String feedback = t.feedback().isEmpty() ? null : Html.pre(t.feedback());
            table.rowHtml(List.of(Html.code(t.name()), mark, Html.escape(Durations.format(t.millis())),
                    points(t.points()) + "/" + points(t.maxPoints())), feedback);
        }
        return "<div class=\"threadlab-junit\">\n" + Html.paragraph(Html.bold(report.title()) + " — " + Html.escape(report.counts()))
                + "\n" + table.render() + "\n</div>";
    }

    /** Points as people write them: {@code 6}, or {@code 2.67} when not whole. */
    public static String points(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : String.format(Locale.ROOT, "%.2f", d);
    }

    private static String pad(String s, int w) {
        return s + " ".repeat(Math.max(0, w - s.length()));
    }
}
