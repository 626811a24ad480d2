package org.threadlab.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class JShellEvaluatorTest {
    static JShellEvaluator java;

    @BeforeAll
    static void start() {
        java = new JShellEvaluator(System.getProperty("java.class.path"));
    }

    @AfterAll
    static void stop() {
        java.close();
    }

    @Test
    void previewFeaturesCompileOnlyWhenTheJvmRunsThem() {
        assertEquals(List.of("-Xlint:none", "-proc:none"),
                JShellEvaluator.compilerOptions(List.of("-Djava.awt.headless=true"), 25));
        assertEquals(List.of("-Xlint:none", "-proc:none", "--enable-preview", "--source", "25"),
                JShellEvaluator.compilerOptions(List.of("-Djava.awt.headless=true", "--enable-preview"), 25));
    }

    @Test
    void theStartUpWarmUpLeavesNoNameACellCanSee() {
        java.warmUp();
        CellException e = assertThrows(CellException.class, () -> java.eval(20, "$threadlabWarmUp"));
        assertTrue(e.getMessage().contains("cannot find symbol"), e.getMessage());
        assertEquals(2, java.eval(21, "1 + 1"));
    }

    @Test
    void lastExpressionIsTheCellValue() {
        assertEquals(42, java.eval(1, "int x = 6;\nx * 7"));
    }

    @Test
    void declarationsHaveNoValue() {
        assertNull(java.eval(2, "int y = 1 + 1;"));
        assertEquals(2, java.eval(3, "y"));
    }

    @Test
    void exceptionsNameTheCellLineAndHideJShellFrames() {
        CellException e = assertThrows(CellException.class,
                () -> java.eval(7, "void f() {\n  throw new IllegalStateException(\"deep\");\n}\nf();"));
        assertEquals("IllegalStateException", e.name());
        assertEquals("deep", e.getMessage());
        String trace = String.join("\n", e.traceback());
        assertTrue(trace.contains("f (cell [7], line 2)"), trace);
        assertTrue(!trace.contains("jdk.") && !trace.contains("org.threadlab"), trace);
    }

    @Test
    void aSnippetAfterBlankLinesIsNamedByItsOwnLine() {
        CellException e = assertThrows(CellException.class,
                () -> java.eval(11, "int a = 1;\n\nvoid g() {\n  throw new IllegalStateException(\"here\");\n}\ng();"));
        String trace = String.join("\n", e.traceback());
        assertTrue(trace.contains("    at g (cell [11], line 4)\n    at <cell> (cell [11], line 6)"), trace);
    }

    @Test
    void anExceptionEscapingAThreadShowsOnlyCellFrames() throws Exception {
        Object thrown = java.eval(9, "void boom() { throw new IllegalStateException(\"bad\"); }\n"
                + "Throwable caught = null;\n"
                + "try { boom(); } catch (IllegalStateException e) { caught = e; }\n"
                + "caught");
        String text = JShellEvaluator.describeUncaught(new Thread("w"), (Throwable) thrown);
        assertTrue(text.startsWith("Exception in thread \"w\" java.lang.IllegalStateException: bad\n"), text);
        assertTrue(text.contains("    at boom (cell [9], line 1)"), text);
        assertTrue(!text.contains("jdk.") && !text.contains("java.base"), text);
    }

    @Test
    void framesOfAThreadTheCellStartedNameTheirCellLines() throws Exception {
        Object thrown = java.eval(10, String.join("\n",
                "class Worker {",
                "  static void go() {",
                "    throw new IllegalStateException(\"deep\");",
                "  }",
                "}",
                "Throwable[] box = new Throwable[1];",
                "Thread t = new Thread(() -> { try { Worker.go(); } catch (IllegalStateException e) { box[0] = e; } });",
                "t.start(); t.join();",
                "box[0]"));
        String text = JShellEvaluator.describeUncaught(new Thread("w"), (Throwable) thrown);
        assertTrue(text.contains("    at Worker.go (cell [10], line 3)\n    at lambda (cell [10], line 7)\n"), text);
    }

    @Test
    void compileErrorsPointAtTheLine() {
        CellException e = assertThrows(CellException.class, () -> java.eval(4, "int a = 1;\nint b = ;"));
        assertEquals("CompilationError", e.name());
        assertTrue(e.traceback().get(0).startsWith("line 2:"), e.traceback().toString());
    }

    @Test
    void completenessOfCells() {
        assertEquals("complete", java.completeness("int x = 1;"));
        assertEquals("incomplete", java.completeness("for (int i = 0; i < 3; i++) {"));
    }

    @Test
    void completesNames() {
        int[] anchor = new int[1];
        List<String> options = java.complete("Syste", 5, anchor);
        assertTrue(options.contains("System"), options.toString());
        assertEquals(0, anchor[0]);
    }
}
