package org.threadlab.grade;

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
 */
public record TestResult(String name, Status status, long millis, double points, double maxPoints,
        String message, String expected, String actual, String frames, String output) {

    public enum Status {
        PASSED, FAILED, SKIPPED;

        /** "passed", "failed", "skipped": as Gradescope and JUnit XML spell it. */
        public String word() {
            return name().toLowerCase();
        }
    }

    public TestResult {
        message = message == null ? "" : message;
        frames = frames == null ? "" : frames;
        output = output == null ? "" : output;
    }

    /** A result whose test printed nothing. */
    public TestResult(String name, Status status, long millis, double points, double maxPoints,
            String message, String expected, String actual, String frames) {
        this(name, status, millis, points, maxPoints, message, expected, actual, frames, "");
    }

    /** The same result with other points earned (the grader's all-or-nothing rule), and why in the message when given. */
    public TestResult withPoints(double earned, String why) {
        String m = why == null || why.isEmpty() ? message : message.isEmpty() ? why : message + "\n" + why;
        return new TestResult(name, status, millis, earned, maxPoints, m, expected, actual, frames, output);
    }

    /** A test that could not run at all, e.g. because the notebook hung before the tests. */
    public static TestResult failed(String name, double maxPoints, String reason) {
        return new TestResult(name, Status.FAILED, 0, 0, maxPoints, reason, null, null, "");
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
