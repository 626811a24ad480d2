package org.threadlab.record;

/**
 * The recording's two clocks, both turned into ms from the body's start: JFR's (ns since the
 * epoch) and {@link System#nanoTime()}, which the CPU polls use. The body's start was marked in
 * both at once (see {@link MarkEvent}).
 *
 * @param markEpochNs the body's start in JFR's clock
 * @param startNanos  the body's start in {@link System#nanoTime()}
 */
record TimeBase(long markEpochNs, long startNanos) {

    /** ms from the body's start for a JFR timestamp. */
    double jfrMs(long epochNs) {
        return (epochNs - markEpochNs) / 1e6;
    }

    /** ms from the body's start for a {@link System#nanoTime()} reading. */
    double nanoMs(long nanos) {
        return (nanos - startNanos) / 1e6;
    }
}
