package org.threadlab.kernel;

import java.io.OutputStream;
import java.io.PrintStream;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.dflib.jjava.jupyter.messages.publish.PublishStream.StreamType;

/**
 * {@code System.out} and {@code System.err} for the whole kernel life, sending what a thread
 * prints to the cell that started it.
 *
 * <p>A thread's cell is inherited: the kernel marks the thread that runs a cell, and every thread
 * started from it (platform or virtual, directly or through an executor created there) inherits
 * the mark. Threads without a mark (the common fork-join pool, JVM threads) print into the
 * running cell, else into the last one. Because the two streams are installed once and never
 * swapped, a reference to {@code System.out} saved in an earlier cell still routes correctly;
 * closing them only flushes ({@link UnclosablePrintStream}), and the closing cell is told so.
 *
 * <p>Output is buffered per cell and published every {@value #FLUSH_MILLIS} ms by a daemon
 * thread, and at the end of each cell before its reply.
 *
 * <p>Thread-safety: all methods may be called from any thread.
 */
final class OutputRouter implements AutoCloseable {
    static final long FLUSH_MILLIS = 20;

    private final InheritableThreadLocal<Cell> owner = new InheritableThreadLocal<>();
    private final Set<Cell> pending = ConcurrentHashMap.newKeySet();
    private final PrintStream fallback;
    private final Thread flusher;
    private volatile Cell running;
    private volatile Cell last;
    private volatile boolean closed;

    final PrintStream out;
    final PrintStream err;

    OutputRouter(PrintStream fallback) {
        this.fallback = fallback;
        this.out = new UnclosablePrintStream(new Routed(StreamType.OUT), () -> closeIgnored("System.out"));
        this.err = new UnclosablePrintStream(new Routed(StreamType.ERR), () -> closeIgnored("System.err"));
        this.flusher = Thread.ofPlatform().daemon().name("threadlab-output").unstarted(this::flushLoop);
        flusher.start();
    }

    /** Marks the calling thread (and the threads it will start) as running {@code cell}. */
    void enter(Cell cell) {
        owner.set(cell);
        running = cell;
        last = cell;
    }

    /** The cell has ended: publishes what it printed so far; later output still goes to it. */
    void leave(Cell cell) {
        out.flush();
        err.flush();
        cell.flush();
        pending.remove(cell);
        if (running == cell) {
            running = null;
        }
    }

    /** The cell the calling thread prints into, or null before the first cell. */
    Cell cellOfCurrentThread() {
        Cell c = owner.get();
        if (c == null) {
            c = running;
        }
        return c != null ? c : last;
    }

    /** The streams stay open for the kernel's whole life; the cell of the thread that closed one is told, once. */
    private void closeIgnored(String stream) {
        Cell cell = cellOfCurrentThread();
        if (cell == null || cell.firstTime(stream + ".close()")) {
            err.println("threadlab: " + stream + ".close() is ignored: the notebook's " + stream
                    + " stays open for this cell and later ones.");
        }
    }

    private void flushLoop() {
        while (!closed) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(FLUSH_MILLIS));
            for (Cell cell : pending) {
                pending.remove(cell);
                try {
                    cell.flush();
                } catch (RuntimeException e) {
                    fallback.println("threadlab: could not publish output: " + e);
                }
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        for (Cell cell : pending) {
            cell.flush();
        }
    }

    private final class Routed extends OutputStream {
        private final StreamType stream;

        Routed(StreamType stream) {
            this.stream = stream;
        }

        @Override
        public void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            Cell cell = cellOfCurrentThread();
            if (cell == null || closed) {
                fallback.write(b, off, len);
                return;
            }
            cell.write(stream, b, off, len);
            pending.add(cell);
        }
    }
}
