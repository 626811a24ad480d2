package org.threadlab.grade;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.locks.ReentrantLock;

/**
 * What code prints while graded tests run, kept for the test report instead of the cell's
 * output: while open, {@code System.out} and {@code System.err} are replaced, and every write,
 * from any thread, goes to the test that is running (or, between tests, to the next one).
 * nbgrader scores a grade cell with any stderr output 0, so a passing test that logs to
 * {@code System.err} must not reach the cell.
 *
 * <pre>{@code
 * try (TestOutput out = TestOutput.open()) {
 *     System.err.println("hello");   // kept, not shown
 *     String printed = out.endTest(); // "hello\n"
 * }
 * }</pre>
 *
 * <p>Not captured: writes through a {@code PrintStream} a cell saved before the tests ran (such as
 * {@code static final PrintStream LOG = System.err}), and {@code System.console()}.
 *
 * <p>Thread-safety: one capture at a time per JVM (a second {@link #open} waits for the first to
 * close, as the streams are global); writes may come from any thread.
 */
public final class TestOutput implements AutoCloseable {
    /** What one test keeps; more is cut, so a printing loop cannot fill the heap or the report. */
    static final int CAP = 64 * 1024;
    private static final ReentrantLock ONE_AT_A_TIME = new ReentrantLock();

    private final PrintStream savedOut;
    private final PrintStream savedErr;
    private final Object lock = new Object();
    private ByteArrayOutputStream current = new ByteArrayOutputStream();
    private long dropped;

    private TestOutput() {
        savedOut = System.out;
        savedErr = System.err;
        // what was printed before the tests belongs to the cell: out before swapping
        savedOut.flush();
        savedErr.flush();
        PrintStream sink = new PrintStream(new Sink(), true, StandardCharsets.UTF_8);
        System.setOut(sink);
        System.setErr(sink);
    }

    /** Starts capturing (waiting while another capture in this JVM is open). */
    public static TestOutput open() {
        ONE_AT_A_TIME.lock();
        try {
            return new TestOutput();
        } catch (RuntimeException | Error e) {
            ONE_AT_A_TIME.unlock();
            throw e;
        }
    }

    /** A test ended: what was printed since the previous one ended (or the capture opened), cut at {@value #CAP} bytes. */
    public String endTest() {
        synchronized (lock) {
            String text = current.toString(StandardCharsets.UTF_8);
            if (dropped > 0) {
                text += "\n… (" + dropped + " more bytes not kept)\n";
            }
            current = new ByteArrayOutputStream();
            dropped = 0;
            return text;
        }
    }

    /** Puts the streams back; what was printed since the last {@link #endTest} is dropped, so take it first. */
    @Override
    public void close() {
        try {
            System.out.flush();
            System.setOut(savedOut);
            System.setErr(savedErr);
        } finally {
            ONE_AT_A_TIME.unlock();
        }
    }

    private final class Sink extends OutputStream {
        @Override
        public void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            synchronized (lock) {
                int room = Math.max(0, CAP - current.size());
                current.write(b, off, Math.min(room, len));
                dropped += Math.max(0, len - room);
            }
        }
    }
}
