package org.threadlab.record;

import java.awt.Color;

/**
 * What a recorded thread was doing during an interval. The one place a state's meaning
 * and colour are defined; every chart, table and export uses these.
 *
 * <p>Colours are the Okabe–Ito palette, distinguishable with the common colour-vision
 * deficiencies.
 */
public enum ThreadState {
    /** On a core, consuming CPU time. */
    RUNNING("running", new Color(0x00, 0x9E, 0x73)),
    /** Ready to run, but no core was free (alive, not blocked, no CPU time accruing). */
    RUNNABLE("runnable", new Color(0xE6, 0x9F, 0x00)),
    /** Waiting to enter a monitor ({@code synchronized}) held by another thread. */
    BLOCKED("blocked", new Color(0xD5, 0x5E, 0x00)),
    /** Parked ({@code LockSupport.park}, {@code java.util.concurrent} locks, queues) or in {@code Object.wait}. */
    WAITING("waiting", new Color(0x00, 0x72, 0xB2)),
    /** In {@code Thread.sleep}. */
    SLEEPING("sleeping", new Color(0x56, 0xB4, 0xE9)),
    /** In a socket read or write. */
    IO("io", new Color(0xCC, 0x79, 0xA7)),
    /** The recorder cannot tell; drawn as such rather than guessed. */
    UNKNOWN("unknown", new Color(0xBB, 0xBB, 0xBB));

    private final String label;
    private final Color color;

    ThreadState(String label, Color color) {
        this.label = label;
        this.color = color;
    }

    /** The lower-case name used in legends, CSV and trace exports. */
    public String label() {
        return label;
    }

    public Color color() {
        return color;
    }

    /** The state whose {@link #label()} is {@code label}, ignoring case. */
    public static ThreadState ofLabel(String label) {
        for (ThreadState s : values()) {
            if (s.label.equalsIgnoreCase(label)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown thread state '" + label + "'");
    }
}
