package org.threadlab.kernel;

/**
 * What {@code System.exit(n)} and {@code Runtime.getRuntime().exit(n)} do in cell code: they
 * throw this instead of ending the kernel's JVM, as IPython turns {@code sys.exit} into a
 * {@code SystemExit} error and lives on.
 *
 * <pre>{@code
 * System.exit(3);   // in a cell: SystemExit: System.exit(3) called in a cell: the kernel stays alive; ...
 * }</pre>
 *
 * <p>{@link ExitCallRewriter} redirects cell code's calls (and method references such as
 * {@code System::exit}) to {@link #systemExit(int)} and {@link #runtimeExit(Runtime, int)}; they
 * must stay public and static, with these names and signatures. In the thread running the cell
 * the exception ends the cell with an error; in a thread the cell started, it ends that thread,
 * and the default uncaught-exception handler prints it into the cell. Being a
 * {@code RuntimeException}, like the {@code SecurityException} a security manager used to throw
 * for an exit, it fails a JUnit test or a {@code %%bench} point rather than the kernel.
 *
 * <p>{@code Runtime.halt}, reflection and method handles looked up by name are not redirected:
 * they still end the process. The batch grader's child does the same as a notebook, so that a
 * submission scores as it would in nbgrader's autograde with this kernel: an exit ends only its cell.
 *
 * <p>Thread-safety: the static methods may be called from any thread.
 */
public final class SystemExit extends RuntimeException {
    private final int status;

    private SystemExit(String call, int status) {
        super(call + "(" + status + ") called in a cell: the kernel stays alive; restart it from the Kernel menu to start afresh");
        this.status = status;
    }

    /** The status the cell asked to exit with. */
    public int status() {
        return status;
    }

    /** Called by cell code instead of {@code System.exit(status)}. */
    public static void systemExit(int status) {
        throw new SystemExit("System.exit", status);
    }

    /** Called by cell code instead of {@code runtime.exit(status)}. */
    public static void runtimeExit(Runtime runtime, int status) {
        throw new SystemExit("Runtime.exit", status);
    }
}
