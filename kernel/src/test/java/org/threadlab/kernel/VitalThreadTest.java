package org.threadlab.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A vital thread whose work ends while it is needed ends the process, saying why; after a shutdown it ends quietly. */
class VitalThreadTest {
    private final ByteArrayOutputStream logged = new ByteArrayOutputStream();
    private final PrintStream log = new PrintStream(logged, true, StandardCharsets.UTF_8);
    private final AtomicInteger exitStatus = new AtomicInteger(-1);

    private void runToEnd(Runnable work, AtomicBoolean needed) throws InterruptedException {
        Thread t = VitalThread.unstarted("jupyter-shell", work, needed::get, log, exitStatus::set);
        t.start();
        t.join();
    }

    private String logged() {
        return logged.toString(StandardCharsets.UTF_8);
    }

    @Test
    void anErrorEndingTheWorkEndsTheProcessAndNamesTheError() throws Exception {
        runToEnd(() -> {
            throw new OutOfMemoryError("Java heap space");
        }, new AtomicBoolean(true));
        assertEquals(VitalThread.EXIT_STATUS, exitStatus.get());
        assertTrue(logged().startsWith("threadlab: the jupyter-shell thread ended with java.lang.OutOfMemoryError: "
                + "Java heap space, so the kernel can no longer answer; exiting with status 70"), logged());
        assertTrue(logged().contains("\tat org.threadlab.kernel.VitalThreadTest"), "the stack trace follows: " + logged());
    }

    @Test
    void aRuntimeExceptionEndsTheProcessToo() throws Exception {
        runToEnd(() -> {
            throw new IllegalStateException("socket gone");
        }, new AtomicBoolean(true));
        assertEquals(VitalThread.EXIT_STATUS, exitStatus.get());
        assertTrue(logged().contains("ended with java.lang.IllegalStateException: socket gone"), logged());
    }

    @Test
    void aStopIsReportedAlthoughTheDefaultHandlerWouldDropIt() throws Exception {
        // ThreadDeath, as JShell's stop checks throw it (constructed reflectively: it is deprecated for removal)
        Throwable stop = (Throwable) Class.forName("java.lang.ThreadDeath").getDeclaredConstructor().newInstance();
        runToEnd(() -> {
            throw (Error) stop;
        }, new AtomicBoolean(true));
        assertEquals(VitalThread.EXIT_STATUS, exitStatus.get());
        assertTrue(logged().contains("ended with java.lang.ThreadDeath"), logged());
    }

    @Test
    void workReturningWhileStillNeededEndsTheProcess() throws Exception {
        runToEnd(() -> { }, new AtomicBoolean(true));
        assertEquals(VitalThread.EXIT_STATUS, exitStatus.get());
        assertTrue(logged().contains("the jupyter-shell thread ended although the kernel still needs it"), logged());
    }

    @Test
    void workEndingAfterAShutdownEndsNothingAndSaysNothing() throws Exception {
        AtomicBoolean needed = new AtomicBoolean(true);
        runToEnd(() -> {
            needed.set(false); // as closing the channel does, before the loop ends
            throw new IllegalStateException("context terminated");
        }, needed);
        assertEquals(-1, exitStatus.get());
        assertEquals("", logged());
    }
}
