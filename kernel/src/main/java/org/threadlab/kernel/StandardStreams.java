package org.threadlab.kernel;

import java.io.InputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The kernel's own {@code System.out}, {@code System.err} and {@code System.in}: installed once,
 * and put back around every cell when cell code replaced them ({@code System.setOut(null)},
 * {@code System.setOut(new PrintStream(OutputStream.nullOutputStream()))}, ...), with a note
 * on the kernel's stderr, which goes to the cell running on the calling thread.
 *
 * <pre>{@code
 * StandardStreams streams = new StandardStreams(router.out, router.err, io.in);  // installs them
 * streams.beforeCell();   // on the thread that runs the request, once it is marked as the cell's
 * ...                     // the cell runs; it may replace the streams, and uses what it set
 * streams.afterCell();    // puts back what the cell left replaced; the note goes into that cell
 * }</pre>
 *
 * <p>Guarantees: when either method returns, the three streams are the kernel's. A stream
 * replaced while a cell runs (by it or by any thread) and not restored is put back when the
 * cell ends, and the cell is told; one replaced between cells (by a thread a cell left running)
 * is put back when the next cell starts, and that cell is told. Closing the kernel's streams is
 * dealt with by the streams themselves ({@link UnclosablePrintStream}).
 *
 * <p>Thread-safety: {@link #beforeCell()} and {@link #afterCell()} are called by one thread at
 * a time (the shell thread); cell threads may replace the streams at any time.
 */
final class StandardStreams {
    private final PrintStream out;
    private final PrintStream err;
    private final InputStream in;

    StandardStreams(PrintStream out, PrintStream err, InputStream in) {
        this.out = out;
        this.err = err;
        this.in = in;
        System.setOut(out);
        System.setErr(err);
        System.setIn(in);
    }

    /** Puts back streams replaced since the last cell ended, noting it in the cell about to run. */
    void beforeCell() {
        List<String> replaced = reclaim();
        if (!replaced.isEmpty()) {
            err.println("threadlab: " + String.join(" and ", replaced) + (replaced.size() == 1 ? " was" : " were")
                    + " replaced after the last cell ended (by a thread a cell started); this cell has the notebook's own again.");
        }
    }

    /** Puts back streams the ending cell replaced, noting it in that cell. */
    void afterCell() {
        List<String> replaced = reclaim();
        if (!replaced.isEmpty()) {
            err.println("threadlab: " + String.join(" and ", replaced) + (replaced.size() == 1 ? " was" : " were")
                    + " replaced during this cell and not restored; the next cells get the notebook's own back.");
        }
    }

    /** Installs the kernel's streams again; returns the names of those that were replaced. */
    private List<String> reclaim() {
        List<String> replaced = new ArrayList<>(3);
        if (System.out != out) {
            System.setOut(out);
            replaced.add("System.out");
        }
        if (System.err != err) {
            System.setErr(err);
            replaced.add("System.err");
        }
        if (System.in != in) {
            System.setIn(in);
            replaced.add("System.in");
        }
        return replaced;
    }
}
