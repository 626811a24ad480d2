package org.threadlab.kernel;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * A UTF-8, auto-flushing {@link PrintStream} that a close does not close: {@link #close()}
 * flushes and reports the attempt, and the stream goes on printing. The kernel's
 * {@code System.out} and {@code System.err} are such streams, so a cell that closes them
 * (directly, or through a {@code PrintWriter} or try-with-resources wrapped around them) does
 * not silence the cells after it.
 *
 * <pre>{@code
 * PrintStream out = new UnclosablePrintStream(routed, () -> warn("System.out.close() is ignored"));
 * out.close();                   // flushes, then runs the listener
 * out.println("still printed");
 * }</pre>
 *
 * <p>Thread-safety: as {@link PrintStream}; the listener runs on the thread that called
 * {@code close}.
 */
final class UnclosablePrintStream extends PrintStream {
    private final Runnable onClose;

    UnclosablePrintStream(OutputStream out, Runnable onClose) {
        super(out, true, StandardCharsets.UTF_8);
        this.onClose = onClose;
    }

    @Override
    public void close() {
        flush();
        onClose.run();
    }
}
