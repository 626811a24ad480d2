package org.threadlab.ijava;

import java.util.List;

/**
 * What IJava 1.3.0 cannot do that ThreadLab's own kernel does, as measured by
 * {@code tests/test_ijava.py} (which fails if IJava behaves otherwise). {@code %threadlab} lists them.
 */
final class IJavaLimits {
    static final List<String> SENTENCES = List.of(
            "Interrupt ends a running cell at once but cannot stop its code: a busy loop runs on in the background,"
                    + " using a core, until the kernel restarts.",
            "Interrupt does not reach threads a cell started: their busy loops and sleeps go on until they end"
                    + " or the kernel restarts.",
            "Output a thread prints after its cell ended appears under the cell running at that moment, not under"
                    + " the cell that started the thread.",
            "Interrupting %%bench ends the cell at once, without the chart of the runs so far"
                    + " (ThreadLab.lastBench() has them); %%threads --timeout ends the recording and the cell, but"
                    + " not the cell's code.");

    private IJavaLimits() {
    }
}
