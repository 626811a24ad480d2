package org.threadlab.grade;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.threadlab.text.Xml;

/**
 * {@link TestReport}s in JUnit's XML report format, which CI servers and LMS importers read: a
 * {@code <testsuites>} document with one {@code <testsuite>} per report, valid against Ant's
 * JUnit XSD (every attribute and element it requires: {@code timestamp}, {@code hostname},
 * {@code id}, {@code package}, {@code properties}, {@code failure@type}, {@code system-out},
 * {@code system-err}) and Jenkins' junit schema, whatever the messages hold.
 *
 * <pre>{@code
 * Files.writeString(Path.of("junit.xml"), JUnitXml.document(List.of(new JUnitXml.Suite("student1", report, "", output))));
 * }</pre>
 *
 * <p>Each test's {@code classname} is its task (the part of its name before the first dot: the
 * grade cell's {@code grade_id} or the test class), never the suite's name. A test that failed an
 * assertion is a {@code failure}; one that threw something else, or never ran, is an {@code error}.
 * A skipped test is a {@code <skipped>} element with a {@code skipped} count on its suite, as Ant,
 * Surefire and Jenkins write them; Ant's 2011 XSD predates both, so only a report without skipped
 * tests is valid against it.
 *
 * <p>Stateless and thread-safe.
 */
public final class JUnitXml {
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private JUnitXml() {
    }

    /**
     * One suite: a report with what was said about it as a whole.
     *
     * @param name   the suite's name (a student)
     * @param report its tests
     * @param reason why not every test could run, or empty (a property, and {@code system-err})
     * @param output what the notebook printed ({@code system-out}), or empty
     */
    public record Suite(String name, TestReport report, String reason, String output) {
        public Suite {
            reason = reason == null ? "" : reason;
            output = output == null ? "" : output;
        }
    }

    /** The whole document, a suite per entry (named by its key), in the map's order, stamped now. */
    public static String document(Map<String, TestReport> suites) {
        List<Suite> list = new ArrayList<>();
        suites.forEach((name, report) -> list.add(new Suite(name, report, "", "")));
        return document(list, Instant.now(), hostname());
    }

    /** The whole document: the suites in their order, each with {@code id} (from 0) and {@code package}. */
    public static String document(List<Suite> suites, Instant when, String hostname) {
        StringBuilder s = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites>\n");
        for (int i = 0; i < suites.size(); i++) {
            Suite suite = suites.get(i);
            // Ant's aggregated form: package and id on each suite
            s.append(element(suite, when, hostname, " package=\"" + Xml.attribute(suite.name()) + "\" id=\"" + i + "\""));
        }
        return s.append("</testsuites>\n").toString();
    }

    /** One {@code <testsuite>} element named {@code name}, as Ant writes a suite on its own (no id, no package), stamped now. */
    public static String suite(TestReport report, String name) {
        return element(new Suite(name, report, "", ""), Instant.now(), hostname(), "");
    }

    private static String element(Suite suite, Instant when, String hostname, String aggregated) {
        TestReport report = suite.report();
        long errors = report.tests().stream().filter(t -> kind(t) == Kind.ERROR).count();
        long failures = report.tests().stream().filter(t -> kind(t) == Kind.FAILURE).count();
        long skipped = report.skipped();
        long millis = report.tests().stream().mapToLong(TestResult::millis).sum();
        // a name of at least one character: the XSD says so
        String name = suite.name().isBlank() ? "tests" : suite.name();
        StringBuilder s = new StringBuilder();
        s.append("  <testsuite name=\"").append(Xml.attribute(name)).append('"').append(aggregated)
                .append(" timestamp=\"").append(TIMESTAMP.format(when.truncatedTo(ChronoUnit.SECONDS)))
                .append("\" hostname=\"").append(Xml.attribute(hostname.isBlank() ? "localhost" : hostname))
                .append("\" tests=\"").append(report.tests().size()).append("\" failures=\"").append(failures)
                .append("\" errors=\"").append(errors).append('"');
        if (skipped > 0) {
            s.append(" skipped=\"").append(skipped).append('"');
        }
        s.append(" time=\"").append(seconds(millis)).append("\">\n");
        s.append("    <properties>\n");
        property(s, "points", ReportTable.points(report.points()));
        property(s, "max_points", ReportTable.points(report.maxPoints()));
        if (!suite.reason().isEmpty()) {
            property(s, "reason", suite.reason());
        }
        s.append("    </properties>\n");
        for (TestResult t : report.tests()) {
            String task = t.task().isEmpty() ? t.test() : t.task();
            s.append("    <testcase classname=\"").append(Xml.attribute(task)).append("\" name=\"").append(Xml.attribute(t.test()))
                    .append("\" time=\"").append(seconds(t.millis())).append('"');
            switch (kind(t)) {
                case PASSED -> s.append("/>\n");
                case SKIPPED -> s.append(">\n      <skipped message=\"").append(Xml.attribute(t.message())).append("\"/>\n    </testcase>\n");
                case FAILURE, ERROR -> {
                    String tag = kind(t) == Kind.ERROR ? "error" : "failure";
                    s.append(">\n      <").append(tag).append(" message=\"").append(Xml.attribute(firstLine(t.message())))
                            .append("\" type=\"").append(Xml.attribute(type(t))).append("\">")
                            .append(Xml.text(t.feedback())).append("</").append(tag).append(">\n    </testcase>\n");
                }
            }
        }
        s.append("    <system-out>").append(Xml.text(suite.output())).append("</system-out>\n");
        s.append("    <system-err>").append(Xml.text(suite.reason())).append("</system-err>\n");
        return s.append("  </testsuite>\n").toString();
    }

    private enum Kind { PASSED, SKIPPED, FAILURE, ERROR }

    private static Kind kind(TestResult t) {
        return switch (t.status()) {
            case PASSED -> Kind.PASSED;
            case SKIPPED -> Kind.SKIPPED;
            case FAILED -> !t.ran() || !t.thrown().isEmpty() ? Kind.ERROR : Kind.FAILURE;
        };
    }

    /** failure@type / error@type: "NotRun" for a test that never ran, the exception's name, else the assertion's. */
    private static String type(TestResult t) {
        return !t.ran() ? "NotRun" : !t.thrown().isEmpty() ? t.thrown() : "AssertionFailedError";
    }

    private static void property(StringBuilder s, String name, String value) {
        s.append("      <property name=\"").append(name).append("\" value=\"").append(Xml.attribute(value)).append("\"/>\n");
    }

    private static String seconds(long millis) {
        return String.format(Locale.ROOT, "%.3f", Math.max(0, millis) / 1000.0);
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    /** This machine's name, or "localhost" (what the XSD asks for when it cannot be told). */
    static String hostname() {
        try {
            String h = Files.readString(Path.of("/etc/hostname")).strip();
            return h.isEmpty() ? "localhost" : h;
        } catch (IOException | RuntimeException e) {
            return "localhost";
        }
    }
}
