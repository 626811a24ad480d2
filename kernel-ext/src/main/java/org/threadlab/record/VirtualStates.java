package org.threadlab.record;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@link VirtualStateSampler} saw, as plain values: when each sample ran, and for each
 * virtual thread the runs of samples in a row that saw it in one {@link Thread.State}. A run is
 * the evidence for a state between its first and last sample; between runs, where the state
 * changed somewhere in between, nothing is known. Samples further apart than {@code maxGapNanos}
 * (the sampler was late) do not continue a run: the thread could have woken and waited again;
 * time the JVM spent in stop-the-world GC pauses between them does not count, since no Java code,
 * so no wake-up, runs then (creating 10,000 virtual threads made 70–160 ms pauses at load 9).
 *
 * <pre>{@code
 * VirtualStates v = new VirtualStates(50_000_000);
 * int s0 = v.addSample(0), s1 = v.addSample(5_000_000);   // System.nanoTime() of each sample
 * v.saw(21, s0, Thread.State.WAITING);
 * v.saw(21, s1, Thread.State.WAITING);                    // thread 21 waited from 0 to 5 ms
 * }</pre>
 *
 * <p>Only state changes are stored, so a thread waiting for a second costs one run, not two
 * hundred samples. Not thread-safe: written by the sampler's thread, read once it has stopped.
 */
final class VirtualStates {
    private static final Thread.State[] JAVA_STATES = Thread.State.values();

    /** A state seen at samples {@code first..last} in a row (indices into the samples). */
    record Run(Thread.State state, int first, int last) {
    }

    /** One thread's runs, oldest first, in parallel arrays (100,000 threads make many). */
    static final class Runs {
        byte[] state = new byte[2];
        int[] first = new int[2];
        int[] last = new int[2];
        int n;
    }

    private final long maxGapNanos;
    private long[] sampleNanos = new long[256];
    private long[] gcPauseNanos = new long[256]; // the JVM's cumulative stop-the-world GC time at each sample
    private int samples;
    private final Map<Long, Runs> runs = new HashMap<>();
    private boolean sampled = true;
    private String stoppedBy; // why sampling ended before the recording did, or null
    private long stoppedNanos;

    /** @param maxGapNanos the longest time between two samples that may still continue a run */
    VirtualStates(long maxGapNanos) {
        this.maxGapNanos = maxGapNanos;
    }

    /** No samples: every virtual thread's gaps stay unknown (the sampler could not run). */
    static VirtualStates none() {
        VirtualStates v = new VirtualStates(0);
        v.notSampled();
        return v;
    }

    /** The sampler could not run in this JVM (the JDK's thread containers are not exported to it). */
    void notSampled() {
        sampled = false;
    }

    /** Whether the sampler ran: if not, there are no samples, and no evidence of any state. */
    boolean sampled() {
        return sampled;
    }

    /** Sampling failed at {@code nanos} ({@link System#nanoTime()}) and ended there: after it nothing is known. */
    void stoppedEarly(long nanos, Throwable cause) {
        stoppedNanos = nanos;
        stoppedBy = String.valueOf(cause);
    }

    /** What ended sampling before the recording ended, or null if nothing did. */
    String stoppedBy() {
        return stoppedBy;
    }

    /** When sampling ended early ({@link System#nanoTime()}); meaningful only if {@link #stoppedBy()} is not null. */
    long stoppedNanos() {
        return stoppedNanos;
    }

    /** Adds a sample taken at {@code nanos} ({@link System#nanoTime()}), no GC pause known; returns its index. */
    int addSample(long nanos) {
        return addSample(nanos, 0);
    }

    /**
     * Adds a sample taken at {@code nanos} ({@link System#nanoTime()}) when the JVM had spent
     * {@code gcPauseNanos} in stop-the-world GC pauses in all; returns its index.
     */
    int addSample(long nanos, long gcPauseNanos) {
        if (samples == sampleNanos.length) {
            sampleNanos = Arrays.copyOf(sampleNanos, samples * 2);
            this.gcPauseNanos = Arrays.copyOf(this.gcPauseNanos, samples * 2);
        }
        sampleNanos[samples] = nanos;
        this.gcPauseNanos[samples] = gcPauseNanos;
        return samples++;
    }

    int samples() {
        return samples;
    }

    long sampleNanos(int i) {
        return sampleNanos[i];
    }

    /** Sample {@code sample} (the newest) saw virtual thread {@code id} in {@code state}. */
    void saw(long id, int sample, Thread.State state) {
        saw(track(id), sample, state);
    }

    /** The runs of thread {@code id}, to pass to {@link #saw(Runs, int, Thread.State)}: no lookup per sample. */
    Runs track(long id) {
        return runs.computeIfAbsent(id, k -> new Runs());
    }

    /** Sample {@code sample} (the newest) saw the thread of {@code r} in {@code state}. */
    void saw(Runs r, int sample, Thread.State state) {
        byte s = (byte) state.ordinal();
        int k = r.n - 1;
        if (k >= 0 && r.last[k] == sample) {
            return; // seen twice in one sample (in two containers while it moved): the first counts
        }
        if (k >= 0 && r.state[k] == s && r.last[k] == sample - 1
                && (sampleNanos[sample] - sampleNanos[sample - 1])
                        - (gcPauseNanos[sample] - gcPauseNanos[sample - 1]) <= maxGapNanos) {
            r.last[k] = sample;
            return;
        }
        if (r.n == r.state.length) {
            r.state = Arrays.copyOf(r.state, r.n * 2);
            r.first = Arrays.copyOf(r.first, r.n * 2);
            r.last = Arrays.copyOf(r.last, r.n * 2);
        }
        r.state[r.n] = s;
        r.first[r.n] = sample;
        r.last[r.n] = sample;
        r.n++;
    }

    /** The runs of thread {@code id}, oldest first; empty if it was never seen. */
    List<Run> runs(long id) {
        Runs r = runs.get(id);
        if (r == null) {
            return List.of();
        }
        List<Run> out = new ArrayList<>(r.n);
        for (int k = 0; k < r.n; k++) {
            out.add(new Run(JAVA_STATES[r.state[k]], r.first[k], r.last[k]));
        }
        return out;
    }
}
