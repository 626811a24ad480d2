package org.threadlab.grade;

import java.util.regex.Pattern;

/**
 * The outcome of one graded test: a plain, immutable value.
 *
 * @param name      what the test is called in reports: {@code method}, or {@code Class.method} for a test class
 * @param status    passed, failed or skipped
 * @param millis    how long it ran
 * @param points    points earned
 * @param maxPoints points it is worth
 * @param message   why it failed (or was skipped), else empty
 * @param expected  the expected value of a failed assertion, or null
 * @param actual    the actual value of a failed assertion, or null
 * @param frames    the student's own stack frames at the failure, one a line, or empty
 * @param output    what the code printed (System.out and System.err) while the test ran, or empty
 * @param ran       false for a test that never ran (the notebook hung before it, or its cell did not compile):
 *                  JUnit XML reports it as an {@code error}, not a {@code failure}
 * @param thrown    the simple name of the exception that failed the test when it was no assertion's
 *                  ({@code NullPointerException}; JUnit XML's {@code error} and its type), else empty
 */
public record TestResult(String name, Status status, long millis, double points, double maxPoints,
        String message, String expected, String actual, String frames, String output, boolean ran, String thrown) {

    public enum Status {
        PASSED, FAILED, SKIPPED;

        /** "passed", "failed", "skipped": as Gradescope and JUnit XML spell it. */
        public String word() {
            return name().toLowerCase();
        }
    }

    /** A task and its test: {@code task.test}, where the task has no dot, space or bracket. */
    private static final Pattern QUALIFIED = Pattern.compile("([^.\\s\\[\\]]+)\\.(.+)", Pattern.DOTALL);

    public TestResult {
        message = message == null ? "" : message;
        frames = frames == null ? "" : frames;
        output = output == null ? "" : output;
        thrown = thrown == null ? "" : thrown;
    }

    /** A test that failed by an assertion, passed or was skipped, and printed {@code output}; {@code ran} false if it never ran. */
    public TestResult(String name, Status status, long millis, double points, double maxPoints,
            String message, String expected, String actual, String frames, String output, boolean ran) {
        this(name, status, millis, points, maxPoints, message, expected, actual, frames, output, ran, "");
    }

    /** A test that ran and printed nothing. */
    public TestResult(String name, Status status, long millis, double points, double maxPoints,
            String message, String expected, String actual, String frames) {
        this(name, status, millis, points, maxPoints, message, expected, actual, frames, "", true);
    }

    /** A test that ran and printed {@code output}. */
    public TestResult(String name, Status status, long millis, double points, double maxPoints,
            String message, String expected, String actual, String frames, String output) {
        this(name, status, millis, points, maxPoints, message, expected, actual, frames, output, true);
    }

    /** A test that printed nothing, which ran or not. */
    public TestResult(String name, Status status, long millis, double points, double maxPoints,
            String message, String expected, String actual, String frames, boolean ran) {
        this(name, status, millis, points, maxPoints, message, expected, actual, frames, "", ran);
    }

    /** The same result with other points earned (the grader's all-or-nothing rule), and why in the message when given. */
    public TestResult withPoints(double earned, String why) {
        String m = why == null || why.isEmpty() ? message : message.isEmpty() ? why : message + "\n" + why;
        return new TestResult(name, status, millis, earned, maxPoints, m, expected, actual, frames, output, ran, thrown);
    }

    /** A test that could not run at all, e.g. because the notebook hung before the tests. */
    public static TestResult failed(String name, double maxPoints, String reason) {
        return new TestResult(name, Status.FAILED, 0, 0, maxPoints, reason, null, null, "", false);
    }

    /** The same result under another name. */
    public TestResult named(String newName) {
        return new TestResult(newName, status, millis, points, maxPoints, message, expected, actual, frames, output, ran, thrown);
    }

    /**
     * What the test belongs to: the part of the name before its first dot (the grade cell's
     * {@code grade_id} or the test class), or empty for a bare method name.
     */
    public String task() {
        return taskOf(name);
    }

    /** {@link #task} of a test named {@code name}. */
    public static String taskOf(String name) {
        var m = QUALIFIED.matcher(name);
        return m.matches() ? m.group(1) : "";
    }

    /** The name without its {@link #task}. */
    public String test() {
        var m = QUALIFIED.matcher(name);
        return m.matches() ? m.group(2) : name;
    }

    public boolean passed() {
        return status == Status.PASSED;
    }

    /** The failure as a student reads it: message, expected/actual, own frames, then what the test printed. */
    public String feedback() {
        StringBuilder s = new StringBuilder(message);
        if ((expected != null || actual != null) && !message.contains("but was")) {
            s.append("\n  expected: ").append(expected).append("\n  actual:   ").append(actual);
        }
        if (!frames.isEmpty()) {
            s.append('\n').append(frames);
        }
        if (!output.isEmpty()) {
            s.append("\nprinted while it ran:\n").append(output.stripTrailing().indent(2).stripTrailing());
        }
        return s.toString().strip();
    }
}
