package org.threadlab.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

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

    private static void interruptAfter(long millis, Runnable action) {
        Thread t = new Thread(() -> {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                return;
            }
            action.run();
        });
        t.setDaemon(true);
        t.start();
    }

    /** Runs {@code action} once a live thread named {@code name} exists, so the cell is surely past compiling. */
    private static void interruptWhenRunning(String name, Runnable action) {
        Thread t = new Thread(() -> {
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (System.nanoTime() < deadline) {
                if (Thread.getAllStackTraces().keySet().stream().anyMatch(th -> th.getName().equals(name))) {
                    action.run();
                    return;
                }
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        t.setDaemon(true);
        t.start();
    }

    @Test
    void cancelStopsABusyLoopInTheCell() {
        java.control().beginCell();
        interruptAfter(300, () -> java.control().cancel());
        CellException e = assertThrows(CellException.class, () -> java.eval(1, "long n = 0; while (true) { n++; }"));
        assertEquals("Interrupted", e.name());
    }

    @Test
    void cancelStopsABusyThreadTheCellStartedAndJoins() {
        java.control().beginCell();
        interruptWhenRunning("spin-loop", () -> java.control().cancel());
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
        java.stop();
        Thread.sleep(200);
        java.control().beginCell();
        assertEquals(false, java.eval(6, "left.join(5000); left.isAlive()"));
    }

    @Test
    void anInterruptedCellNamesTheDeadlockItLeavesBehind() {
        java.control().beginCell();
        interruptWhenRunning("bob-to-alice", () -> {
            try {
                Thread.sleep(300); // both threads now hold one lock and wait for the other
            } catch (InterruptedException e) {
                return;
            }
            java.control().cancel();
        });
        CellException e = assertThrows(CellException.class, () -> java.eval(9, String.join("\n",
                "Object alice = new Object(), bob = new Object();",
                "Thread a = new Thread(() -> { synchronized (alice) { try { Thread.sleep(100); } catch (InterruptedException x) { } synchronized (bob) { } } }, \"alice-to-bob\");",
                "Thread b = new Thread(() -> { synchronized (bob) { try { Thread.sleep(100); } catch (InterruptedException x) { } synchronized (alice) { } } }, \"bob-to-alice\");",
                // one block, so one snippet: both threads start together, not a JShell compile apart
                "{ a.setDaemon(true); b.setDaemon(true); a.start(); b.start(); a.join(); }")));
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
