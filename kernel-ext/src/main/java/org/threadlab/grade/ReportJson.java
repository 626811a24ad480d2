package org.threadlab.grade;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.threadlab.json.Json;

/**
 * A {@link TestReport} with every field, as JSON that {@link #read} gives back: how a grading JVM
 * hands its results to the grader.
 *
 * <pre>{@code
 * TestReport same = ReportJson.read(ReportJson.write(report));
 * }</pre>
 *
 * <p>Stateless and thread-safe.
 */
public final class ReportJson {
    private ReportJson() {
    }

    public static String write(TestReport report) {
        StringBuilder s = new StringBuilder("{\"title\": ").append(Json.quote(report.title())).append(", \"tests\": [");
        for (int i = 0; i < report.tests().size(); i++) {
            TestResult t = report.tests().get(i);
            s.append(i == 0 ? "\n" : ",\n").append("{\"name\": ").append(Json.quote(t.name()))
                    .append(", \"status\": ").append(Json.quote(t.status().name()))
                    .append(", \"millis\": ").append(t.millis())
                    .append(", \"points\": ").append(Json.number(t.points()))
                    .append(", \"maxPoints\": ").append(Json.number(t.maxPoints()))
                    .append(", \"message\": ").append(Json.quote(t.message()))
                    .append(", \"expected\": ").append(Json.quote(t.expected()))
                    .append(", \"actual\": ").append(Json.quote(t.actual()))
                    .append(", \"frames\": ").append(Json.quote(t.frames()))
                    .append(", \"output\": ").append(Json.quote(t.output()))
                    .append(", \"ran\": ").append(t.ran())
                    .append(", \"thrown\": ").append(Json.quote(t.thrown())).append('}');
        }
        return s.append("]}\n").toString();
    }

    @SuppressWarnings("unchecked") // Json.parse gives objects as maps and arrays as lists
    public static TestReport read(String json) {
        Map<String, Object> m = (Map<String, Object>) Json.parse(json);
        List<TestResult> tests = new ArrayList<>();
        for (Object o : (List<Object>) m.get("tests")) {
            Map<String, Object> t = (Map<String, Object>) o;
            tests.add(new TestResult((String) t.get("name"), TestResult.Status.valueOf((String) t.get("status")),
                    ((Double) t.get("millis")).longValue(), (Double) t.get("points"), (Double) t.get("maxPoints"),
                    (String) t.get("message"), (String) t.get("expected"), (String) t.get("actual"), (String) t.get("frames"),
                    (String) t.get("output"), !Boolean.FALSE.equals(t.get("ran")), (String) t.get("thrown")));
        }
        return new TestReport((String) m.get("title"), tests);
    }
}
