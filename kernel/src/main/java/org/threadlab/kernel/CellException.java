package org.threadlab.kernel;

import java.util.List;

/**
 * A cell failed: it did not compile, it threw, or it was interrupted. Carries what Jupyter shows:
 * a name, a one-line value and traceback lines that hold only the user's own frames.
 */
public final class CellException extends RuntimeException {
    private final String name;
    private final List<String> traceback;

    CellException(String name, String value, List<String> traceback) {
        super(value, null, false, false);
        this.name = name;
        this.traceback = List.copyOf(traceback);
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
