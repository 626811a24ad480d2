package org.threadlab.bench;

/**
 * Bad {@code %%bench} arguments. The message is one sentence that names the offending flag or
 * value and ends with the usage line, ready to show the user as is, without a stack trace.
 *
 * <pre>{@code
 * try {
 *     BenchOptions.parse(args);
 * } catch (UsageException e) {
 *     display(e.getMessage());   // "Unknown option '--rpt'; usage: %%bench NAME=V1,V2,... [--repeat N] ..."
 * }
 * }</pre>
 *
 * <p>Thread-safety: immutable once thrown.
 */
public final class UsageException extends IllegalArgumentException {
    private final String problem;

    /** @param problem what is wrong, without the usage and without a final full stop */
    public UsageException(String problem) {
        super(problem + "; usage: " + BenchOptions.USAGE_LINE);
        this.problem = problem;
    }

    /** What is wrong, without the usage line. */
    public String problem() {
        return problem;
    }
}
