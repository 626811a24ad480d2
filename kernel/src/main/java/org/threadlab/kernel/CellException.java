package org.threadlab.kernel;

import java.util.List;

/**
 * A cell failed: it did not compile, it threw, or it was interrupted. Carries what Jupyter shows:
 * a name, a one-line value and traceback lines that hold only the user's own frames.
 */
public final class CellException extends RuntimeException {
    private final String name;
    private final List<String> traceback;
    private final String thrownClass;

    CellException(String name, String value, List<String> traceback) {
        this(name, value, traceback, "");
    }

    /** A cell's code threw: {@code thrownClass} is the binary name of what it threw. */
    CellException(String name, String value, List<String> traceback, String thrownClass) {
        super(value, null, false, false);
        this.name = name;
        this.traceback = List.copyOf(traceback);
        this.thrownClass = thrownClass;
    }

    /**
     * The binary name of the exception the cell's code threw ({@code org.threadlab.kernel.SystemExit},
     * {@code REPL.$JShell$12$Oops}), or {@code ""} when the cell did not compile or was interrupted.
     * Unlike {@link #name()}, a class a cell declares cannot pose as one of the JDK's or the kernel's.
     */
    public String thrownClass() {
        return thrownClass;
    }

    /** Whether the cell ended by {@code System.exit} or {@code Runtime.exit}, which the kernel turns into {@link SystemExit}. */
    public boolean exited() {
        return SystemExit.class.getName().equals(thrownClass);
    }

    /** The error's name as Jupyter shows it, e.g. {@code CompilationError} or {@code IllegalStateException}. */
    public String name() {
        return name;
    }

    public List<String> traceback() {
        return traceback;
    }

    /** {@code Name: message}, as the user's own exception would print. */
    @Override
    public String toString() {
        return getMessage() == null || getMessage().isEmpty() ? name : name + ": " + getMessage();
    }
}
