package org.threadlab.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * System.exit in cells, through JShell and the kernel's execution control: the cell fails with
 * SystemExit and this JVM (the test's own) lives on. A regression would end the test run.
 */
class JShellExitTest {
    private static final String STAYS_ALIVE = " called in a cell: the kernel stays alive; restart it from the Kernel menu to start afresh";

    static JShellEvaluator java;

    @BeforeAll
    static void start() {
        java = new JShellEvaluator(System.getProperty("java.class.path"));
    }

    @AfterAll
    static void stop() {
        java.close();
    }

    private static CellException failing(int cell, String code) {
        java.control().beginCell();
        return assertThrows(CellException.class, () -> java.eval(cell, code));
    }

    @Test
    void systemExitEndsTheCellWithAnError() {
        CellException e = failing(1, "System.out.println(\"about to leave\");\nSystem.exit(3);");
        assertEquals("SystemExit", e.name());
        assertTrue(e.exited());
        assertEquals("System.exit(3)" + STAYS_ALIVE, e.getMessage());
        assertTrue(e.traceback().contains("    at <cell> (cell [1], line 2)"), String.join("\n", e.traceback()));
        java.control().beginCell();
        assertEquals(2, java.eval(2, "1 + 1"), "the next cell runs");
    }

    @Test
    void runtimeExitAndMethodReferencesToo() {
        assertEquals("Runtime.exit(4)" + STAYS_ALIVE, failing(3, "Runtime.getRuntime().exit(4);").getMessage());
        assertEquals("System.exit(5)" + STAYS_ALIVE, failing(4, "IntConsumer f = System::exit;\nf.accept(5);").getMessage());
        assertEquals("Runtime.exit(6)" + STAYS_ALIVE, failing(5, "IntConsumer g = Runtime.getRuntime()::exit;\ng.accept(6);").getMessage());
    }

    @Test
    void anExceptionTheCellNamesSystemExitIsNoExit() {
        java.control().beginCell();
        java.eval(20, "class SystemExit extends RuntimeException { SystemExit() { super(\"System.exit(0) called in a cell\"); } }");
        CellException e = failing(21, "throw new SystemExit();");
        assertEquals("SystemExit", e.name(), "it reads the same to the user");
        assertEquals(false, e.exited(), "but the grader must not take it for an exit: " + e.thrownClass());
    }

    @Test
    void exitInAMethodOrClassAnEarlierCellDefined() {
        java.control().beginCell();
        java.eval(6, "void leave(int n) { System.exit(n); }\nclass Quitter { void quit() { leave(7); } }");
        CellException e = failing(7, "new Quitter().quit();");
        assertEquals("System.exit(7)" + STAYS_ALIVE, e.getMessage());
        String trace = String.join("\n", e.traceback());
        assertTrue(trace.contains("leave (cell [6], line 1)") && trace.contains("quit (cell [6], line 2)"), trace);
    }

    @Test
    void exitInAThreadTheCellStartedEndsThatThreadOnly() {
        java.control().beginCell();
        Object seen = java.eval(8, """
                Throwable[] ended = new Throwable[1];
                Thread t = new Thread(() -> System.exit(9), "quitter");
                t.setUncaughtExceptionHandler((th, e) -> ended[0] = e);
                t.start();
                t.join();
                ended[0]""");
        assertTrue(seen instanceof SystemExit, String.valueOf(seen));
        assertEquals(9, ((SystemExit) seen).status());
    }
}
