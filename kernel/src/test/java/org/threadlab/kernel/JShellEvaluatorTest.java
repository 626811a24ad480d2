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
    void everyDefaultImportHoldsThoughTheyAreOneSnippet() {
        assertEquals("2", String.valueOf(java.eval(30, "BigInteger.TWO")));
        assertEquals(0, java.eval(31, "new ConcurrentHashMap<String, Integer>().size()"));
        assertEquals(1, java.eval(32, "new AtomicInteger(1).get()"));
        assertEquals(3L, java.eval(33, "Stream.of(1, 2, 3).count()"));
    }

    @Test
    void aCellImportingADefaultPackageAgainKeepsTheOthers() {
        // JShell keys an import snippet by its first import; a group led by java.io.* would be dropped here
        java.eval(34, "import java.io.*;");
        java.eval(35, "import java.util.concurrent.*;");
        assertEquals(0, java.eval(36, "new CopyOnWriteArrayList<String>().size() + new ArrayList<File>().size()"));
        assertEquals(1L, java.eval(37, "Duration.ofSeconds(1).getSeconds()"));
    }

    @Test
    void aGroupOfImportsThatDoesNotCompileSaysWhich() {
        CellException e = assertThrows(CellException.class, () -> java.importAll(ImportGroups.Extensions.class,
                List.of("import java.util.*;", "import no.such.pkg.*;")));
        assertTrue(e.getMessage().contains("no.such.pkg") || e.traceback().toString().contains("no.such.pkg"),
                e.getMessage() + " " + e.traceback());
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

    private static String firstSignature(String code, int cursor) {
        List<String> docs = java.documentation(code, cursor, false);
        return docs.isEmpty() ? "(nothing)" : docs.get(0).lines().findFirst().orElse("");
    }

    @Test
    void shiftTabDocumentsTheNameTheCursorIsAtOrJustAfter() {
        java.eval(20, "String s = \"abc\";");
        assertEquals("void Thread.sleep(long millis) throws InterruptedException", firstSignature("Thread.sleep", 12));
        assertEquals("int String.length()", firstSignature("s.length", 8));
        assertEquals("int String.length()", firstSignature("int n = s.length", 16), "after other code on the line");
        assertEquals("int String.length()", firstSignature("s.length", 4), "inside the name");
        assertEquals("int String.length()", firstSignature("s.length();", 8), "just after it, before its parentheses");
        assertEquals("void Thread.sleep(long millis) throws InterruptedException", firstSignature("Thread.sleep(100);", 13),
                "inside the parentheses, as before");
        assertEquals("java.lang.Thread", firstSignature("Thread", 6), "a type");
        assertEquals("s:java.lang.String", firstSignature("s", 1), "a variable");
        assertEquals("(nothing)", firstSignature("1 + ", 4), "no name at the cursor");
    }

    @Test
    void theNameAtTheCursorIsFoundAtItsEnd() {
        assertEquals(12, JShellEvaluator.nameEnd("Thread.sleep", 12));
        assertEquals(12, JShellEvaluator.nameEnd("Thread.sleep(1)", 9));
        assertEquals(-1, JShellEvaluator.nameEnd("1 + ", 4));
        assertEquals(-1, JShellEvaluator.nameEnd("x = 42", 6), "a number is no name");
    }

    @Test
    void aCellsOwnExceptionShowsItsMessageOnce() {
        CellException e = assertThrows(CellException.class, () -> java.eval(21, "throw new IllegalStateException(\"boom here\");"));
        List<String> shown = ThreadLabKernel.plainTraceback(e);
        assertEquals("IllegalStateException: boom here", shown.get(0));
        assertEquals(1, String.join("\n", shown).split("boom here", -1).length - 1, shown.toString());
        assertTrue(shown.contains("    at <cell> (cell [21], line 1)"), shown.toString());

        CellException own = assertThrows(CellException.class, () -> java.eval(22,
                "class Oops extends RuntimeException { Oops(String m, Throwable c) { super(m, c); } }\n"
                        + "throw new Oops(\"outer\", new IllegalArgumentException(\"inner\"));"));
        List<String> ownShown = ThreadLabKernel.plainTraceback(own);
        assertEquals("Oops: outer", ownShown.get(0), "a class the cell declared, by its own name");
        assertTrue(ownShown.contains("Caused by: java.lang.IllegalArgumentException: inner"), ownShown.toString());
        assertEquals(1, String.join("\n", ownShown).split("outer", -1).length - 1, ownShown.toString());
    }
}
