package org.threadlab.diagnosis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Frames named by cell and line, on frames shaped as JShell makes them (the kernel's tests run real JShell). */
class CellFramesTest {
    /** Snippet 912 (class REPL.$JShell$912) starts on line 5 of cell [3]; its wrapper holds it from line 5 on. */
    @BeforeAll
    static void remember() {
        CellFrames.remember(new CellFrames.Origin("912", "REPL.$JShell$912", 3, new int[] {5, 6, 7, 8, 9, 10},
                new int[] {1, 1, 1, 1, 1, 2, 3, 4, 5, 1, 6}));
    }

    private static StackTraceElement live(String cls, String method, int wrapperLine) {
        return new StackTraceElement(cls, method, cls.substring(5).replaceFirst("\\$\\w+$", "") + ".java", wrapperLine);
    }

    @Test
    void liveAndTranslatedFramesOfOneLineNameTheSameCellLine() {
        // line 4 of the snippet: wrapper line 8, or line 4 in JShell's translated EvalException
        assertEquals("Worker.go (cell [3], line 8)", CellFrames.name(live("REPL.$JShell$912$Worker", "go", 8)));
        assertEquals("Worker.go (cell [3], line 8)", CellFrames.name(new StackTraceElement("Worker", "go", "#912", 4)));
    }

    @Test
    void methodsAreNamedAsWritten() {
        assertEquals("worker (cell [3], line 5)", CellFrames.name(live("REPL.$JShell$912", "worker", 5)));
        assertEquals("<cell> (cell [3], line 6)", CellFrames.name(live("REPL.$JShell$912", "do_it$", 6)));
        assertEquals("<cell> (cell [3], line 10)", CellFrames.name(live("REPL.$JShell$912", "do_it$", 11))); // after a generated line
        assertEquals("<cell> (cell [3], line 5)", CellFrames.name(new StackTraceElement("", "", "#912", 1)));
        assertEquals("Worker.lambda (cell [3], line 7)", CellFrames.name(live("REPL.$JShell$912$Worker", "lambda$go$0", 7)));
        assertEquals("Bank.Account.move (cell [3], line 5)", CellFrames.name(live("REPL.$JShell$912$Bank$Account", "move", 5)));
    }

    @Test
    void otherFramesAreNotNotebookFrames() {
        assertNull(CellFrames.name(new StackTraceElement("java.lang.Thread", "run", "Thread.java", 1474)));
        assertNull(CellFrames.name(new StackTraceElement("org.threadlab.grade.Concurrency", "assertRanConcurrently", "Concurrency.java", 80)));
    }

    @Test
    void framesOfASnippetNobodyRememberedStillShow() {
        assertEquals("Worker.go (cell code)", CellFrames.name(live("REPL.$JShell$99999$Worker", "go", 8)));
        assertEquals("go (snippet #99999, line 4)", CellFrames.name(new StackTraceElement("", "go", "#99999", 4)));
    }

    @Test
    void aTraceHasEachExceptionThenItsNotebookFramesOnce() {
        RuntimeException cause = new RuntimeException("inner");
        cause.setStackTrace(new StackTraceElement[] {live("REPL.$JShell$912$Worker", "go", 8),
                new StackTraceElement("java.lang.Thread", "run", "Thread.java", 1474)});
        IllegalStateException e = new IllegalStateException("outer", cause);
        e.setStackTrace(new StackTraceElement[] {live("REPL.$JShell$912", "worker", 6), live("REPL.$JShell$912", "worker", 6),
                live("REPL.$JShell$912", "do_it$", 9)});
        assertEquals(List.of("java.lang.IllegalStateException: outer", "    at worker (cell [3], line 6)",
                "    at <cell> (cell [3], line 9)", "Caused by: java.lang.RuntimeException: inner",
                "    at Worker.go (cell [3], line 8)"), CellFrames.trace(e, Throwable::toString));
        assertEquals(List.of("worker (cell [3], line 6)", "<cell> (cell [3], line 9)", "Worker.go (cell [3], line 8)"),
                CellFrames.names(e));
    }
}
