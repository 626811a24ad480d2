package org.threadlab.kernel;

import java.io.PrintStream;
import java.util.function.BooleanSupplier;
import java.util.function.IntConsumer;

/**
 * A thread the kernel cannot answer without, such as the loop that serves shell requests: if
 * its work ends while the kernel still needs it, for whatever reason, the process says why on
 * its standard error and exits, so Jupyter's restarter brings up a fresh kernel instead of
 * leaving one that looks alive but never replies.
 *
 * <pre>{@code
 * PrintStream log = System.err;   // at start-up, before the kernel routes System.err to cells
 * Thread shell = VitalThread.unstarted("jupyter-shell", () -> serveRequests(), () -> running, log);
 * shell.start();
 * }</pre>
 *
 * <p>Guarantees: once started, the thread either runs {@code work} to its end while
 * {@code needed} has turned false (a shutdown: nothing happens), or the process ends with
 * status {@value #EXIT_STATUS} after one line on stderr naming the thread and what ended it
 * (any {@link Throwable}, including {@code Error}s and JShell's {@code ThreadDeath}, which the
 * default uncaught-exception handler would drop without a word), followed by its stack trace.
 * The process halts rather than exits: shutdown hooks (cell code can register them) might
 * block, and a kernel that cannot answer must go. {@code needed} is read after {@code work}
 * ends, so it should be a volatile flag that a shutdown clears before stopping the work.
 */
final class VitalThread {
    /** {@code EX_SOFTWARE} of sysexits.h: an internal software error. */
    static final int EXIT_STATUS = 70;

    private VitalThread() {
    }

    /**
     * A platform thread named {@code name} running {@code work}; the process halts if the work ends
     * while {@code needed}, after saying why on {@code log}: the process's stderr, which Jupyter logs
     * (not {@code System.err}, which belongs to cells).
     */
    static Thread unstarted(String name, Runnable work, BooleanSupplier needed, PrintStream log) {
        return unstarted(name, work, needed, log, status -> Runtime.getRuntime().halt(status));
    }

    /** As {@link #unstarted(String, Runnable, BooleanSupplier, PrintStream)}, ending through {@code exit}. */
    static Thread unstarted(String name, Runnable work, BooleanSupplier needed, PrintStream log, IntConsumer exit) {
        return Thread.ofPlatform().name(name).unstarted(() -> {
            Throwable failure = null;
            try {
                work.run();
            } catch (Throwable t) {
                failure = t;
            }
            if (!needed.getAsBoolean()) {
                return;
            }
            try {
                log.println("threadlab: the " + name + " thread ended "
                        + (failure == null ? "although the kernel still needs it" : "with " + failure)
                        + ", so the kernel can no longer answer; exiting with status " + EXIT_STATUS
                        + " so that Jupyter starts a fresh kernel");
                if (failure != null) {
                    failure.printStackTrace(log);
                }
                log.flush();
            } finally {
                exit.accept(EXIT_STATUS);
            }
        });
    }
}
