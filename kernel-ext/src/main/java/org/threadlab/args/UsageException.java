package org.threadlab.args;

/**
 * Bad arguments to a magic or a command. The message is one sentence naming the argument, then
 * the usage on a line of its own, ready to show as is, without a stack trace:
 *
 * <pre>{@code
 * throw new UsageException("--lanes must be a whole number from 1 to 10000, not 'many'", USAGE);
 * // --lanes must be a whole number from 1 to 10000, not 'many'.
 * // Usage: %%threads [--timeout SECONDS] [--lanes N] ...
 * }</pre>
 *
 * <p>Thread-safety: immutable once thrown.
 */
public final class UsageException extends IllegalArgumentException {
    private final String problem;
    private final String usage;

    /**
     * @param problem what is wrong, one sentence; a full stop is added when it has none
     * @param usage   the command's one-line usage, or null when there is none to show
     */
    public UsageException(String problem, String usage) {
        super(sentence(problem) + (usage == null || usage.isEmpty() ? "" : "\nUsage: " + usage));
        this.problem = sentence(problem);
        this.usage = usage;
    }

    /** What is wrong: one sentence, without the usage. */
    public String problem() {
        return problem;
    }

    /** The usage line shown after the problem, or null. */
    public String usage() {
        return usage;
    }

    private static String sentence(String s) {
        String t = s.strip();
        return t.endsWith(".") || t.endsWith("?") || t.endsWith("!") ? t : t + ".";
    }
}
