package org.threadlab.record;

/**
 * Busy cores over time: how much CPU the recorded threads (and, when the cell ran virtual
 * threads, their carrier threads) used in each sampling window, against the machine's cores;
 * and how much the rest of the JVM used meanwhile (JIT compilers, GC, JFR, the recorder and the
 * kernel), which is why a cell's thread can be runnable on an otherwise idle machine.
 *
 * <pre>{@code
 * Utilization u = recording.utilization();
 * for (int i = 0; i < u.size(); i++) {
 *     System.out.printf("%.0f-%.0f ms: %.2f of %d cores%n", u.startMs(i), u.endMs(i), u.busyCores(i), u.cores());
 * }
 * }</pre>
 *
 * <p>Immutable (arrays are copied in and never handed out), so safe to share between threads.
 */
public final class Utilization {
    private final double[] startMs;
    private final double[] endMs;
    private final double[] busyCores;
    private final double[] jvmCores;
    private final int cores;

    /** Windows {@code [startMs[i], endMs[i])} with {@code busyCores[i]} cores busy on average, the JVM's own use not known. */
    public Utilization(double[] startMs, double[] endMs, double[] busyCores, int cores) {
        this(startMs, endMs, busyCores, new double[busyCores.length], cores);
    }

    /** The same, with {@code jvmCores[i]} cores used by the JVM's own threads in each window. */
    public Utilization(double[] startMs, double[] endMs, double[] busyCores, double[] jvmCores, int cores) {
        if (startMs.length != endMs.length || startMs.length != busyCores.length || startMs.length != jvmCores.length) {
            throw new IllegalArgumentException("arrays differ in length");
        }
        this.startMs = startMs.clone();
        this.endMs = endMs.clone();
        this.busyCores = busyCores.clone();
        this.jvmCores = jvmCores.clone();
        this.cores = cores;
    }

    public int size() {
        return startMs.length;
    }

    public double startMs(int i) {
        return startMs[i];
    }

    public double endMs(int i) {
        return endMs[i];
    }

    public double busyCores(int i) {
        return busyCores[i];
    }

    /** Cores the JVM's own threads (JIT, GC, JFR, recorder, kernel) used on average in window {@code i}; 0 if not known. */
    public double jvmCores(int i) {
        return jvmCores[i];
    }

    /** Cores available to the JVM when the recording ran. */
    public int cores() {
        return cores;
    }

    /** Average busy cores over {@code [fromMs, toMs)}, weighting windows by overlap; 0 where nothing was sampled. */
    public double averageBusy(double fromMs, double toMs) {
        double sum = 0;
        double covered = 0;
        for (int i = 0; i < startMs.length; i++) {
            double overlap = Math.min(toMs, endMs[i]) - Math.max(fromMs, startMs[i]);
            if (overlap > 0) {
                sum += busyCores[i] * overlap;
                covered += overlap;
            }
        }
        return covered > 0 ? sum / covered : 0;
    }
}
