package org.threadlab.grade;

import java.util.Locale;
import java.util.Map;
import org.threadlab.text.Html;

/**
 * {@link TestReport}s in JUnit's XML report format, which CI servers and LMS importers read: a
 * {@code <testsuites>} document with one {@code <testsuite>} per report.
 *
 * <pre>{@code
 * Files.writeString(Path.of("junit.xml"), JUnitXml.document(Map.of("student1", report)));
 * }</pre>
 *
 * <p>Stateless and thread-safe.
 */
public final class JUnitXml {
    private JUnitXml() {
    }

    /** The whole document, a suite per entry (named by its key), in the map's order. */
    public static String document(Map<String, TestReport> suites) {
        StringBuilder s = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites>\n");
        suites.forEach((name, report) -> s.append(suite(report, name)));
        return s.append("</testsuites>\n").toString();
    }

    /** One {@code <testsuite>} element named {@code name}. */
    public static String suite(TestReport report, String name) {
        String suite = Html.escape(name);
        double seconds = report.tests().stream().mapToLong(TestResult::millis).sum() / 1000.0;
        StringBuilder s = new StringBuilder();
        s.append("  <testsuite name=\"").append(suite).append("\" tests=\"").append(report.tests().size())
                .append("\" failures=\"").append(report.failed()).append("\" skipped=\"").append(report.skipped())
                .append("\" errors=\"0\" time=\"").append(String.format(Locale.ROOT, "%.3f", seconds)).append("\">\n");
        for (TestResult t : report.tests()) {
            s.append("    <testcase classname=\"").append(suite).append("\" name=\"").append(Html.escape(t.name()))
                    .append("\" time=\"").append(String.format(Locale.ROOT, "%.3f", t.millis() / 1000.0)).append('"');
            switch (t.status()) {
                case PASSED -> s.append("/>\n");
                case SKIPPED -> s.append("><skipped message=\"").append(Html.escape(t.message())).append("\"/></testcase>\n");
                case FAILED -> s.append("><failure message=\"").append(Html.escape(firstLine(t.message()))).append("\">")
                        .append(Html.escape(t.feedback())).append("</failure></testcase>\n");
            }
        }
        return s.append("  </testsuite>\n").toString();
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
