package org.threadlab.grade;

import org.threadlab.json.Json;

/**
 * A {@link TestReport} as Gradescope's {@code results.json}: {@code score}, {@code max_score}, a
 * top-level {@code output}, and {@code tests[]} with name, score, max_score, status, output.
 *
 * <pre>{@code
 * Files.writeString(dir.resolve("results.json"), GradescopeJson.of(report, "timed out after 30 s during cell 7"));
 * }</pre>
 *
 * <p>Stateless and thread-safe.
 */
public final class GradescopeJson {
    private GradescopeJson() {
    }

    /** The results; the top-level output is the report's counts. */
    public static String of(TestReport report) {
        return of(report, "");
    }

    /** The same, with {@code reason} (why not every test could run, or empty) before the counts. */
    public static String of(TestReport report, String reason) {
        String output = (reason == null || reason.isEmpty() ? "" : reason + " — ") + report.counts();
        StringBuilder s = new StringBuilder("{\n  \"score\": ").append(Json.number(report.points()))
                .append(",\n  \"max_score\": ").append(Json.number(report.maxPoints()))
                .append(",\n  \"output\": ").append(Json.quote(output))
                .append(",\n  \"tests\": [");
        for (int i = 0; i < report.tests().size(); i++) {
            TestResult t = report.tests().get(i);
            s.append(i == 0 ? "\n" : ",\n").append("    {\"name\": ").append(Json.quote(t.name()))
                    .append(", \"score\": ").append(Json.number(t.points()))
                    .append(", \"max_score\": ").append(Json.number(t.maxPoints()))
                    .append(", \"status\": ").append(Json.quote(t.passed() ? "passed" : "failed"))
                    .append(", \"output\": ").append(Json.quote(t.passed() ? "" : t.feedback()))
                    .append('}');
        }
        return s.append("\n  ]\n}\n").toString();
    }
}
