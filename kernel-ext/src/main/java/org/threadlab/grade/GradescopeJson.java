package org.threadlab.grade;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.threadlab.json.Json;

/**
 * A {@link TestReport} as Gradescope's {@code results.json}, with only the fields its autograder
 * specification defines: top-level {@code score}, {@code execution_time}, {@code output},
 * {@code output_format} and {@code tests[]}, each with {@code name}, {@code number},
 * {@code score}, {@code max_score}, {@code status}, {@code output}, {@code output_format},
 * {@code visibility} (when the instructor set one), {@code tags} and {@code extra_data}.
 *
 * <pre>{@code
 * Files.writeString(dir.resolve("results.json"), GradescopeJson.of(report, "timed out after 30 s during cell 7", 31.2, task -> null));
 * }</pre>
 *
 * <p>Names are the report's, qualified by task ({@code test_sum.sumIsRight}); {@code number} is
 * {@code task.test} counted from 1 in the report's order ("2.1"). Scores are in hundredths that add
 * up exactly to {@code score} ({@link Hundredths}). A skipped test has no {@code status} (Gradescope
 * knows only passed and failed) but the tag {@code skipped}; its time is in
 * {@code extra_data.execution_time} (seconds), since the specification gives tests no time field.
 *
 * <p>Stateless and thread-safe.
 */
public final class GradescopeJson {
    /** The visibility values Gradescope accepts. */
    public static final Set<String> VISIBILITIES = Set.of("hidden", "after_due_date", "after_published", "visible");

    private GradescopeJson() {
    }

    /** The results; the top-level output is the report's counts. */
    public static String of(TestReport report) {
        return of(report, "");
    }

    /** The same, with {@code reason} (why not every test could run, or empty) before the counts. */
    public static String of(TestReport report, String reason) {
        return of(report, reason, -1, task -> null);
    }

    /**
     * The results.
     *
     * @param reason     why not every test could run, or empty
     * @param seconds    how long grading took, or negative to leave {@code execution_time} out
     * @param visibility a task's visibility ({@link #VISIBILITIES}), or null for Gradescope's default
     */
    public static String of(TestReport report, String reason, double seconds, Function<String, String> visibility) {
        String output = (reason == null || reason.isEmpty() ? "" : reason + " — ") + report.counts();
        List<TestResult> tests = report.tests();
        double[] points = tests.stream().mapToDouble(TestResult::points).toArray();
        long[] score = Hundredths.apportion(points);
        long[] max = Hundredths.apportion(tests.stream().mapToDouble(TestResult::maxPoints).toArray());
        StringBuilder s = new StringBuilder("{\n  \"score\": ").append(Hundredths.format(Hundredths.total(points)));
        if (seconds >= 0) {
            s.append(",\n  \"execution_time\": ").append(Json.number(Math.round(seconds * 1000) / 1000.0));
        }
        s.append(",\n  \"output\": ").append(Json.quote(output))
                .append(",\n  \"output_format\": \"text\"")
                .append(",\n  \"tests\": [");
        Map<String, Integer> taskNumbers = new LinkedHashMap<>();
        Map<String, Integer> inTask = new LinkedHashMap<>();
        for (int i = 0; i < tests.size(); i++) {
            TestResult t = tests.get(i);
            // a bare name is a task of its own
            String task = t.task().isEmpty() ? "\u0000" + t.name() : t.task();
            int k = taskNumbers.computeIfAbsent(task, x -> taskNumbers.size() + 1);
            int j = inTask.merge(task, 1, Integer::sum);
            String number = t.task().isEmpty() ? Integer.toString(k) : k + "." + j;
            s.append(i == 0 ? "\n" : ",\n").append("    {\"name\": ").append(Json.quote(t.name()))
                    .append(", \"number\": ").append(Json.quote(number))
                    .append(", \"score\": ").append(Hundredths.format(score[i]))
                    .append(", \"max_score\": ").append(Hundredths.format(max[i]));
            if (t.status() == TestResult.Status.SKIPPED) {
                s.append(", \"tags\": [\"skipped\"]");
            } else {
                s.append(", \"status\": ").append(Json.quote(t.passed() ? "passed" : "failed"));
            }
            String text = switch (t.status()) {
                case PASSED -> "";
                case SKIPPED -> t.message().isEmpty() ? "skipped" : "skipped: " + t.message();
                case FAILED -> t.feedback();
            };
            s.append(", \"output\": ").append(Json.quote(text)).append(", \"output_format\": \"text\"");
            String v = visibility.apply(t.task().isEmpty() ? t.name() : t.task());
            if (v != null) {
                s.append(", \"visibility\": ").append(Json.quote(v));
            }
            s.append(", \"extra_data\": {\"execution_time\": ").append(Json.number(t.millis() / 1000.0)).append("}}");
        }
        return s.append("\n  ]\n}\n").toString();
    }
}
