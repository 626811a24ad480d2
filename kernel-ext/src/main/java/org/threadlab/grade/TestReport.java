package org.threadlab.grade;

import org.threadlab.Json;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The results of a set of graded tests: a plain value, with renderers for people (text and HTML
 * tables) and for tools (JUnit XML, Gradescope {@code results.json}).
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
        return fmt(points()) + "/" + fmt(maxPoints()) + " points";
    }

    @Override
    public String toString() {
        return title + ": " + counts();
    }

    // ---- text and HTML ---------------------------------------------------------------------------

    /** A fixed-width table with each failure's feedback under its row, then the counts. */
    public String text() {
        int width = Math.max(4, tests.stream().mapToInt(t -> t.name().length()).max().orElse(4));
        StringBuilder s = new StringBuilder();
        s.append(title).append('\n');
        s.append(pad("test", width)).append("  status    time    points\n");
        for (TestResult t : tests) {
            s.append(pad(t.name(), width)).append("  ").append(pad(t.status().word(), 7))
                    .append(String.format(Locale.ROOT, "%6d ms", t.millis())).append("  ")
                    .append(fmt(t.points())).append('/').append(fmt(t.maxPoints())).append('\n');
            if (t.status() != TestResult.Status.PASSED && !t.feedback().isEmpty()) {
                for (String line : t.feedback().split("\n")) {
                    s.append("    ").append(line).append('\n');
                }
            }
        }
        s.append(counts());
        return s.toString();
    }

    /** The same table in HTML, self-contained (inline styles), for notebooks and feedback pages. */
    public String html() {
        StringBuilder s = new StringBuilder();
        s.append("<div class=\"threadlab-junit\"><p><b>").append(esc(title)).append("</b> — ").append(esc(counts()))
                .append("</p>\n<table style=\"border-collapse:collapse\">\n<tr><th style=\"text-align:left\">test</th>"
                        + "<th>status</th><th style=\"text-align:right\">time</th><th style=\"text-align:right\">points</th>"
                        + "<th style=\"text-align:left\">why</th></tr>\n");
        for (TestResult t : tests) {
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
            s.append("<tr><td><code>").append(esc(t.name())).append("</code></td><td style=\"color:").append(colour)
                    .append("\">").append(mark).append("</td><td style=\"text-align:right\">").append(t.millis())
                    .append(" ms</td><td style=\"text-align:right\">").append(fmt(t.points())).append('/')
                    .append(fmt(t.maxPoints())).append("</td><td><pre style=\"margin:0;white-space:pre-wrap\">")
                    .append(esc(t.status() == TestResult.Status.PASSED ? "" : t.feedback())).append("</pre></td></tr>\n");
        }
        return s.append("</table></div>").toString();
    }

    // ---- JUnit XML and Gradescope ----------------------------------------------------------------

    /** One {@code <testsuite>} element (JUnit's XML report format), named {@code suite}. */
    public String junitXml(String suite) {
        double seconds = tests.stream().mapToLong(TestResult::millis).sum() / 1000.0;
        StringBuilder s = new StringBuilder();
        s.append("  <testsuite name=\"").append(esc(suite)).append("\" tests=\"").append(tests.size())
                .append("\" failures=\"").append(failed()).append("\" skipped=\"").append(skipped())
                .append("\" errors=\"0\" time=\"").append(String.format(Locale.ROOT, "%.3f", seconds)).append("\">\n");
        for (TestResult t : tests) {
            s.append("    <testcase classname=\"").append(esc(suite)).append("\" name=\"").append(esc(t.name()))
                    .append("\" time=\"").append(String.format(Locale.ROOT, "%.3f", t.millis() / 1000.0)).append('"');
            switch (t.status()) {
                case PASSED -> s.append("/>\n");
                case SKIPPED -> s.append("><skipped message=\"").append(esc(t.message())).append("\"/></testcase>\n");
                case FAILED -> s.append("><failure message=\"").append(esc(firstLine(t.message()))).append("\">")
                        .append(esc(t.feedback())).append("</failure></testcase>\n");
            }
        }
        return s.append("  </testsuite>\n").toString();
    }

    /** Gradescope's {@code results.json}: {@code score}, and {@code tests[]} with name, score, max_score, status, output. */
    public String gradescopeJson() {
        StringBuilder s = new StringBuilder("{\n  \"score\": ").append(Json.number(points()))
                .append(",\n  \"max_score\": ").append(Json.number(maxPoints()))
                .append(",\n  \"output\": ").append(Json.quote(counts()))
                .append(",\n  \"tests\": [");
        for (int i = 0; i < tests.size(); i++) {
            TestResult t = tests.get(i);
            s.append(i == 0 ? "\n" : ",\n").append("    {\"name\": ").append(Json.quote(t.name()))
                    .append(", \"score\": ").append(Json.number(t.points()))
                    .append(", \"max_score\": ").append(Json.number(t.maxPoints()))
                    .append(", \"status\": ").append(Json.quote(t.status() == TestResult.Status.PASSED ? "passed" : "failed"))
                    .append(", \"output\": ").append(Json.quote(t.status() == TestResult.Status.PASSED ? "" : t.feedback()))
                    .append('}');
        }
        return s.append("\n  ]\n}\n").toString();
    }

    /** Everything, as JSON that {@link #fromJson} reads back (how a grading JVM hands results to the grader). */
    public String toJson() {
        StringBuilder s = new StringBuilder("{\"title\": ").append(Json.quote(title)).append(", \"tests\": [");
        for (int i = 0; i < tests.size(); i++) {
            TestResult t = tests.get(i);
            s.append(i == 0 ? "\n" : ",\n").append("{\"name\": ").append(Json.quote(t.name()))
                    .append(", \"status\": ").append(Json.quote(t.status().name()))
                    .append(", \"millis\": ").append(t.millis())
                    .append(", \"points\": ").append(Json.number(t.points()))
                    .append(", \"maxPoints\": ").append(Json.number(t.maxPoints()))
                    .append(", \"message\": ").append(Json.quote(t.message()))
                    .append(", \"expected\": ").append(Json.quote(t.expected()))
                    .append(", \"actual\": ").append(Json.quote(t.actual()))
                    .append(", \"frames\": ").append(Json.quote(t.frames())).append('}');
        }
        return s.append("]}\n").toString();
    }

    @SuppressWarnings("unchecked")
    public static TestReport fromJson(String json) {
        Map<String, Object> m = (Map<String, Object>) Json.parse(json);
        List<TestResult> tests = new ArrayList<>();
        for (Object o : (List<Object>) m.get("tests")) {
            Map<String, Object> t = (Map<String, Object>) o;
            tests.add(new TestResult((String) t.get("name"), TestResult.Status.valueOf((String) t.get("status")),
                    ((Double) t.get("millis")).longValue(), (Double) t.get("points"), (Double) t.get("maxPoints"),
                    (String) t.get("message"), (String) t.get("expected"), (String) t.get("actual"), (String) t.get("frames")));
        }
        return new TestReport((String) m.get("title"), tests);
    }

    static String fmt(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : String.format(Locale.ROOT, "%.2f", d);
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    private static String pad(String s, int w) {
        return s + " ".repeat(Math.max(0, w - s.length()));
    }

    static String esc(String s) {
        if (s == null) {
            return "";
        }
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
