package org.threadlab.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;

class CellLinesTest {

    @Test
    void theCellItselfIsLineForLine() {
        assertArrayEquals(new int[] {1, 2, 3}, CellLines.of("a();\nb();\nc();", "a();\nb();\nc();"));
        assertArrayEquals(new int[] {1, 2}, CellLines.of(null, "a();\nb();"));
    }

    @Test
    void aMagicsBodyStandsBelowTheMagicLine() {
        assertArrayEquals(new int[] {2, 3}, CellLines.of("%%threads --svg\nThread t = go();\nt.join();", "Thread t = go();\nt.join();"));
    }

    @Test
    void generatedLinesTakeTheLineOfTheirNeighbour() {
        // %%junit wraps bare test methods in a class; %%bench puts its body in a lambda
        assertArrayEquals(new int[] {2, 2, 3, 4},
                CellLines.of("%%junit\n@Test void a() {\n  assertEquals(2, add(1, 1));\n}",
                        "class JUnitCell {\n@Test void a() {\n  assertEquals(2, add(1, 1));\n}"));
        assertArrayEquals(new int[] {2, 2, 2, 3, 3},
                CellLines.of("%%bench threads=1,2\nlong s = sum(threads);\nsink = s;",
                        "(BenchBody) ($bench) -> {\nint threads = (Integer) $bench.get(\"threads\");\nlong s = sum(threads);\nsink = s;\n}"));
    }

    @Test
    void repeatedLinesAreMatchedInOrder() {
        assertArrayEquals(new int[] {3, 4, 5, 6}, CellLines.of("%%x\n\nif (a) {\n}\nif (b) {\n}", "if (a) {\n}\nif (b) {\n}"));
    }
}
