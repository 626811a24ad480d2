package org.threadlab.grade;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How the grader names a hidden test in every file it writes: qualified by its task, so that two
 * tests called {@code works} in different cells never share a gradebook column, a JUnit case or
 * a Gradescope test. The task is the grade cell's {@code grade_id} ({@code test_sum.sumIsRight},
 * {@code test_bank.BankTests.works}); without one, the test class ({@code BankTests.works}) or,
 * for bare test methods, {@code hidden_cell_N} (the N-th hidden test cell) or the {@code .java}
 * file's name.
 *
 * <pre>{@code
 * TaskNames.forCell("test_sum", 1).qualify("sumIsRight");   // "test_sum.sumIsRight"
 * }</pre>
 *
 * @param prefix   the task every test of the cell gets, or null
 * @param fallback the task a bare method name gets when there is no prefix, or null
 */
record TaskNames(String prefix, String fallback) {
    /** Names left as they are: a plain grade cell's test is named by its {@code grade_id} already. */
    static final TaskNames NONE = new TaskNames(null, null);

    /** A hidden test cell: by its {@code grade_id} when it has one, else its number among the hidden test cells. */
    static TaskNames forCell(String gradeId, int n) {
        return gradeId != null ? new TaskNames(clean(gradeId), null) : new TaskNames(null, "hidden_cell_" + n);
    }

    /** A {@code .java} file of tests: its classes name their tests; bare methods take the file's name. */
    static TaskNames forFile(String stem) {
        return new TaskNames(null, clean(stem));
    }

    /** A cell's {@code metadata.threadlab.visibility}, checked: null, or one of Gradescope's values. */
    static String visibility(String value, String label) {
        if (value != null && !GradescopeJson.VISIBILITIES.contains(value)) {
            throw new IllegalArgumentException(label + " has metadata.threadlab.visibility \"" + value
                    + "\", but Gradescope knows only " + String.join(", ", GradescopeJson.VISIBILITIES.stream().sorted().toList()) + ".");
        }
        return value;
    }

    /** {@code name} with its task in front. */
    String qualify(String name) {
        if (prefix != null) {
            return name.startsWith(prefix + ".") ? name : prefix + "." + name;
        }
        if (fallback != null && TestResult.taskOf(name).isEmpty()) {
            return fallback + "." + name;
        }
        return name;
    }

    /**
     * A cell's results, qualified and in the order its source declares them (JUnit runs them by
     * name): the same order for every student, whether the tests ran or not. Unplanned results
     * (a setup failure) follow.
     */
    List<TestResult> inPlannedOrder(List<TestResult> results, List<TestResult> planned) {
        Map<String, Integer> at = new HashMap<>();
        for (int i = 0; i < planned.size(); i++) {
            at.putIfAbsent(planned.get(i).name(), i);
        }
        List<TestResult> out = new ArrayList<>();
        for (TestResult t : results) {
            out.add(t.named(qualify(t.name())));
        }
        out.sort(Comparator.comparingInt(t -> at.getOrDefault(t.name(), Integer.MAX_VALUE)));   // stable
        return out;
    }

    /** The tests with a name each: a second {@code works} of the same task becomes {@code works (2)}. */
    static List<TestResult> unique(List<TestResult> tests) {
        Set<String> seen = new HashSet<>();
        List<TestResult> out = new ArrayList<>();
        for (TestResult t : tests) {
            String name = t.name();
            for (int k = 2; !seen.add(name); k++) {
                name = t.name() + " (" + k + ")";
            }
            out.add(name.equals(t.name()) ? t : t.named(name));
        }
        return out;
    }

    /** A task has no dot, space or bracket: they would blur where the task ends. */
    private static String clean(String s) {
        String c = s.replaceAll("[.\\s\\[\\]]", "_");
        return c.isEmpty() ? "_" : c;
    }
}
