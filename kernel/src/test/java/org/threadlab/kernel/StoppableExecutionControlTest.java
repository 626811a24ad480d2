package org.threadlab.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.threadlab.diagnosis.StuckThreads;

/** Stopping cell code through the woven stop checks, in the cell thread and in threads it started. */
class StoppableExecutionControlTest {
    static JShellEvaluator java;

    @BeforeAll
    static void start() {
        java = new JShellEvaluator(System.getProperty("java.class.path"));
    }

    @AfterAll
    static void stop() {
        java.close();
    }

    /** Runs {@code action} on a daemon thread once {@code ready} holds, polled with a 30 s deadline. */
    private static void when(BooleanSupplier ready, Runnable action) {
        Thread t = new Thread(() -> {
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (System.nanoTime() < deadline) {
                if (ready.getAsBoolean()) {
                    action.run();
                    return;
                }
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        t.setDaemon(true);
        t.start();
    }

    /** The live thread named {@code name}, if there is one. */
    private static Optional<Thread> thread(String name) {
        return Thread.getAllStackTraces().keySet().stream().filter(th -> th.getName().equals(name)).findFirst();
    }

    /** Whether a cell's own thread is running its snippet code (JShell's classes are in package REPL). */
    private static boolean cellCodeRunning() {
        return Thread.getAllStackTraces().entrySet().stream().anyMatch(e -> e.getKey().getName().startsWith("cell-")
                && Arrays.stream(e.getValue()).anyMatch(f -> f.getClassName().startsWith("REPL.")));
    }

    /** Whether {@code names} are all among the threads the JVM finds deadlocked. */
    private static boolean deadlocked(String... names) {
        long[] ids = StuckThreads.deadlockedIds();
        return Arrays.stream(names).allMatch(n -> thread(n).map(t -> Arrays.stream(ids).anyMatch(id -> id == t.threadId())).orElse(false));
    }

    @Test
    void cancelStopsABusyLoopInTheCell() {
        java.control().beginCell();
        // not before the loop runs: a cancel during compilation would stop the cell without a loop to stop
        when(StoppableExecutionControlTest::cellCodeRunning, () -> java.control().cancel());
        CellException e = assertThrows(CellException.class, () -> java.eval(1, "long n = 0; while (true) { n++; }"));
        assertEquals("Interrupted", e.name());
    }

    @Test
    void cancelStopsABusyThreadTheCellStartedAndJoins() {
        java.control().beginCell();
        when(() -> thread("spin-loop").isPresent(), () -> java.control().cancel());
        CellException e = assertThrows(CellException.class,
                () -> java.eval(2, "Thread spin = new Thread(() -> { while (true) { } }, \"spin-loop\");\nspin.start();\nspin.join();"));
        assertTrue(e.name().equals("InterruptedException") || e.name().equals("Interrupted"), e.name());
        java.control().beginCell();
        assertEquals(false, java.eval(3, "spin.join(5000); spin.isAlive()"));
    }

    @Test
    void stopBetweenCellsEndsABusyThreadLeftBehind() throws Exception {
        java.control().beginCell();
        java.eval(4, "Thread left = new Thread(() -> { while (true) { } }, \"left-loop\"); left.setDaemon(true); left.start();");
        java.control().beginCell();
        assertEquals(true, java.eval(5, "left.isAlive()"));
        Thread left = thread("left-loop").orElseThrow(); // before the stop, which may end it at once
        java.stop();
        // the stop reaches the loop at its next check; the next cell would lower the flag again
        left.join(5000);
        assertFalse(left.isAlive(), "the loop left behind still runs after a stop");
        java.control().beginCell();
        assertEquals(false, java.eval(6, "left.join(5000); left.isAlive()"));
    }

    @Test
    void anInterruptedCellNamesTheDeadlockItLeavesBehind() {
        java.control().beginCell();
        when(() -> deadlocked("alice-to-bob", "bob-to-alice"), () -> java.control().cancel());
        CellException e = assertThrows(CellException.class, () -> java.eval(9, String.join("\n",
                "Object alice = new Object(), bob = new Object();",
                "CountDownLatch both = new CountDownLatch(2); // each holds its first lock before either asks for its second",
                "Thread a = new Thread(() -> { synchronized (alice) { both.countDown(); try { both.await(); } catch (InterruptedException x) { } synchronized (bob) { } } }, \"alice-to-bob\");",
                "Thread b = new Thread(() -> { synchronized (bob) { both.countDown(); try { both.await(); } catch (InterruptedException x) { } synchronized (alice) { } } }, \"bob-to-alice\");",
                "a.setDaemon(true); b.setDaemon(true); a.start(); b.start(); a.join();")));
        assertEquals("Interrupted", e.name());
        assertTrue(e.getMessage().contains("deadlock") && e.getMessage().contains("alice-to-bob")
                && e.getMessage().contains("bob-to-alice"), e.getMessage());
    }

    @Test
    void aNewCellRunsAfterAnInterrupt() {
        java.control().beginCell();
        java.control().cancel();
        assertThrows(CellException.class, () -> java.eval(7, "1 + 1"));
        java.control().beginCell();
        assertEquals(2, java.eval(8, "1 + 1"));
        assertFalse(java.control().isCancelled());
    }
}
