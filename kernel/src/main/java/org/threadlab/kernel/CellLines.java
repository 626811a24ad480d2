package org.threadlab.kernel;

import java.util.Arrays;

/**
 * Which line of a cell each line of the code run for it stands on. The code is the cell itself,
 * or made from it: a cell magic's body (the magic's line is gone), test methods wrapped in a
 * class, a benchmark body inside a lambda. Its lines are found in the cell in order, by their
 * text; a line the cell does not have (a generated one) takes the line of the nearest found line
 * before it, or after it at the start.
 *
 * <pre>{@code
 * CellLines.of("%%threads\nThread t = ...;\nt.join();", "Thread t = ...;\nt.join();")   // {2, 3}
 * }</pre>
 */
final class CellLines {
    private CellLines() {
    }

    /** For each line of {@code code} (index 0: its line 1), the 1-based line of {@code cell} it stands on. */
    static int[] of(String cell, String code) {
        String[] codeLines = code.split("\n", -1);
        int[] at = new int[codeLines.length];
        if (cell == null || cell.equals(code)) {
            Arrays.setAll(at, i -> i + 1);
            return at;
        }
        String[] cellLines = cell.split("\n", -1);
        Arrays.fill(at, -1);
        int next = 0;
        for (int i = 0; i < codeLines.length; i++) {
            String text = codeLines[i].strip();
            for (int j = next; j < cellLines.length && !text.isEmpty(); j++) {
                if (cellLines[j].strip().equals(text)) {
                    at[i] = j + 1;
                    next = j + 1;
                    break;
                }
            }
        }
        int first = Arrays.stream(at).filter(l -> l > 0).findFirst().orElse(1);
        for (int i = 0; i < at.length; i++) {
            at[i] = at[i] > 0 ? at[i] : i == 0 ? first : at[i - 1];
        }
        return at;
    }
}
