package org.threadlab.grade;

import org.threadlab.json.Json;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What a grading JVM runs for one submission, in order: the student's cells, then the hidden
 * test cells. The grader writes it as JSON; {@code org.threadlab.kernel.grading.GradeMain} reads it.
 *
 * <p>Immutable.
 */
public record GradePlan(List<Step> steps) {

    /**
     * One cell to run.
     *
     * @param label  where it came from, for messages: "cell 3" or "hidden test cell 2"
     * @param code   the cell's source
     * @param test   whether it is a hidden test cell (else student code)
     * @param name   for a test cell that is not {@code %%junit} (an nbgrader grade cell of plain code):
     *               the test's name; it passes when the cell runs without error
     * @param points for such a cell, its points
     * @param cell   the number frames show ("cell [5], line 2"): for a student cell its position in the
     *               notebook counting every cell, markdown too, from 1, as in the label
     */
    public record Step(String label, String code, boolean test, String name, double points, int cell) {
        public boolean junit() {
            return code.stripLeading().startsWith("%%junit");
        }
    }

    public GradePlan {
        steps = List.copyOf(steps);
    }

    public String toJson() {
        StringBuilder s = new StringBuilder("{\"steps\": [");
        for (int i = 0; i < steps.size(); i++) {
            Step st = steps.get(i);
            s.append(i == 0 ? "\n" : ",\n").append("{\"label\": ").append(Json.quote(st.label()))
                    .append(", \"code\": ").append(Json.quote(st.code()))
                    .append(", \"test\": ").append(st.test())
                    .append(", \"name\": ").append(Json.quote(st.name()))
                    .append(", \"points\": ").append(Json.number(st.points()))
                    .append(", \"cell\": ").append(st.cell()).append('}');
        }
        return s.append("]}\n").toString();
    }

    public static GradePlan read(Path file) throws IOException {
        return parse(Files.readString(file));
    }

    /** The plan that {@link #toJson} wrote. */
    @SuppressWarnings("unchecked")
    public static GradePlan parse(String json) {
        Map<String, Object> m = (Map<String, Object>) Json.parse(json);
        List<Step> steps = new ArrayList<>();
        for (Object o : (List<Object>) m.get("steps")) {
            Map<String, Object> s = (Map<String, Object>) o;
            steps.add(new Step((String) s.get("label"), (String) s.get("code"), (Boolean) s.get("test"),
                    (String) s.get("name"), (Double) s.get("points"), ((Double) s.get("cell")).intValue()));
        }
        return new GradePlan(steps);
    }
}
