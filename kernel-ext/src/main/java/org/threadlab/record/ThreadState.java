package org.threadlab.record;

import java.awt.Color;

/**
 * What a recorded thread was doing during an interval. The one place a state's meaning
 * and colour are defined; every chart, table and export uses these.
 *
 * <p>Where each state comes from, for platform threads: JFR events (exact, and preferred
 * where they exist) for sleeping, blocked, waiting and io; CPU-time polls for running; where
 * neither applies, the Java state sampled at the polls ({@code BLOCKED}, {@code WAITING},
 * {@code TIMED_WAITING}; sleeping only when the recording ends inside {@code Thread.sleep},
 * told by the top frame), else runnable. JFR commits its events when the sleep, park or wait
 * ends, so the sampled state is what shows a thread still blocked when the recording stops.
 * Virtual threads: JFR events (sleep, socket I/O; JDK 25 emits none for their parks or monitor
 * waits), else the Java state sampled every few ms ({@link VirtualStateSampler}): waiting or
 * blocked from the first to the last of the samples in a row that saw it; unknown elsewhere,
 * including {@code RUNNABLE}, which does not tell a mounted virtual thread from one waiting for a carrier.
 *
 * <p>Colours are the Okabe–Ito palette, distinguishable with the common colour-vision
 * deficiencies.
 */
public enum ThreadState {
    /** On a core, consuming CPU time. */
    RUNNING("running", new Color(0x00, 0x9E, 0x73)),
    /**
     * Ready to run, but no core was free (alive, no CPU time accruing, Java state {@code RUNNABLE}
     * and no JFR event). Also a platform thread in native I/O that JFR does not report.
     */
    RUNNABLE("runnable", new Color(0xE6, 0x9F, 0x00)),
    /** Waiting to enter a monitor ({@code synchronized}) held by another thread (JFR, else Java state {@code BLOCKED}). */
    BLOCKED("blocked", new Color(0xD5, 0x5E, 0x00)),
    /**
     * Parked ({@code LockSupport.park}, {@code java.util.concurrent} locks, queues) or in {@code Object.wait}
     * (JFR, else Java state {@code WAITING}/{@code TIMED_WAITING}, which cannot tell a sleep mid-recording).
     */
    WAITING("waiting", new Color(0x00, 0x72, 0xB2)),
    /** In {@code Thread.sleep} (JFR, or the top frame of a thread still sleeping when the recording ends). */
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
