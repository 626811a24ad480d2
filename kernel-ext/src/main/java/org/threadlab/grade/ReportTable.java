package org.threadlab.grade;

import java.util.Locale;
import org.threadlab.text.Durations;

/**
 * A {@link TestReport} as a table for people: fixed-width text for the notebook and the console,
 * and the same table in self-contained HTML (inline styles) for notebooks and feedback pages.
 * Each failure's feedback stands under its row.
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
            if (t.status() != TestResult.Status.PASSED && !t.feedback().isEmpty()) {
                for (String line : t.feedback().split("\n")) {
                    s.append("    ").append(line).append('\n');
                }
            }
        }
        s.append(report.counts());
        return s.toString();
    }

    /** The same table in HTML. */
    public static String html(TestReport report) {
        StringBuilder s = new StringBuilder();
        s.append("<div class=\"threadlab-junit\"><p><b>").append(escape(report.title())).append("</b> — ")
                .append(escape(report.counts()))
                .append("</p>\n<table style=\"border-collapse:collapse\">\n<tr><th style=\"text-align:left\">test</th>"
                        + "<th>status</th><th style=\"text-align:right\">time</th><th style=\"text-align:right\">points</th>"
                        + "<th style=\"text-align:left\">why</th></tr>\n");
        for (TestResult t : report.tests()) {
            String colour = switch (t.status()) {
                case PASSED -> "#009E73";
                case FAILED -> "#D55E00";
                case SKIPPED -> "#999999";
            };
            String mark = switch (t.status()) {
                case PASSED -> "✔ passed";
                case FAILED -> "✘ failed";
                case SKIPPED -> "– skipped";
            };
            s.append("<tr><td><code>").append(escape(t.name())).append("</code></td><td style=\"color:").append(colour)
                    .append("\">").append(mark).append("</td><td style=\"text-align:right\">")
                    .append(Durations.format(t.millis())).append("</td><td style=\"text-align:right\">")
                    .append(points(t.points())).append('/').append(points(t.maxPoints()))
                    .append("</td><td><pre style=\"margin:0;white-space:pre-wrap\">")
                    .append(escape(t.status() == TestResult.Status.PASSED ? "" : t.feedback())).append("</pre></td></tr>\n");
        }
        return s.append("</table></div>").toString();
    }

    /** Points as people write them: {@code 6}, or {@code 2.67} when not whole. */
    public static String points(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : String.format(Locale.ROOT, "%.2f", d);
    }

    /** Text safe inside HTML and XML elements and attributes. */
    static String escape(String s) {
        if (s == null) {
            return "";
        }
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    private static String pad(String s, int w) {
        return s + " ".repeat(Math.max(0, w - s.length()));
    }
}
