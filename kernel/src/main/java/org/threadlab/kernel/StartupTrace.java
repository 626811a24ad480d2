package org.threadlab.kernel;

/**
 * {@code -Dthreadlab.trace=true}: a line on the kernel's stderr at each start-up phase and around
 * each JShell snippet, in milliseconds since the JVM's process started (as the OS reports it, to its
 * clock tick) and as epoch milliseconds after {@code @} (to line up with a client's own clock),
 * naming the thread; to measure where start-up and a cell's time go under a real Jupyter client.
 */
final class StartupTrace {
    static final boolean ON = Boolean.getBoolean("threadlab.trace");
    private static final long START = ON
            ? ProcessHandle.current().info().startInstant().map(i -> i.toEpochMilli()).orElse(System.currentTimeMillis())
            : 0;

    /** The process's stderr: a cell's own System.err goes to that cell. */
    private static final java.io.PrintStream LOG = System.err;

    private StartupTrace() {
    }

    static void t(String what) {
        if (ON) {
            long now = System.currentTimeMillis();
            LOG.println("threadlab trace " + (now - START) + " ms @" + now + " ["
                    + Thread.currentThread().getName() + "] " + what);
        }
    }
}
