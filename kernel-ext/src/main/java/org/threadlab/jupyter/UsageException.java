package org.threadlab.jupyter;

/**
 * Bad arguments to a magic: the message is one sentence naming the argument, followed by the
 * magic's usage line. Kernels show it without a Java stack trace.
 */
public final class UsageException extends IllegalArgumentException {
    public UsageException(String sentence, String usage) {
        super(sentence + (usage == null || usage.isEmpty() ? "" : "\nUsage: " + usage));
    }
}
