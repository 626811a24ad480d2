package org.threadlab.record;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * How busy the cores were, from the CPU samples: per window between two polls, the CPU time the
 * recorded platform threads (and, when the cell ran virtual threads, their carriers) used, over
 * the window's length; the rest of the process's CPU in that window (the JVM's own threads: JIT
 * compilers, GC, JFR, the recorder, the kernel) the same way; and the carriers' CPU time in all.
 *
 * <pre>{@code
 * Utilization u = CoreUtilization.of(threads, carriers, existedBefore, samples, clock, cores);
 * }</pre>
 *
 * <p>Stateless.
 */
final class CoreUtilization {
    /** The shortest span the JVM's own CPU is averaged over: five steps of the process CPU clock. */
    static final double PROCESS_CPU_SPAN_MS = 50;

    private CoreUtilization() {
    }

    /**
     * @param threads       the lanes; virtual ones have no CPU samples of their own
     * @param carriers      carrier threads to count too (none unless the cell ran virtual threads)
     * @param existedBefore threads alive before recording (the caller, earlier carriers): their first
     *                      sample is the baseline, not CPU used while recording
     */
    static Utilization of(List<ThreadRecord> threads, List<Long> carriers, Set<Long> existedBefore,
            CpuSamples samples, TimeBase clock, int cores) {
        int polls = samples.polls();
        double[] cpuNs = new double[polls];
        List<Long> counted = new ArrayList<>();
        for (ThreadRecord t : threads) {
            if (!t.virtual()) {
                counted.add(t.id());
            }
        }
        counted.addAll(carriers);
        for (long id : counted) {
            CpuSamples.Series s = samples.series(id);
            if (s == null) {
                continue;
            }
            boolean before = existedBefore.contains(id);
            for (int k = 0; k < s.n; k++) {
                long prev = k > 0 ? s.cpu[k - 1] : (before ? s.cpu[0] : 0);
                cpuNs[s.poll[k]] += s.cpu[k] - prev;
            }
        }
        int windows = Math.max(0, polls - 1);
        double[] from = new double[windows];
        double[] to = new double[windows];
        double[] busy = new double[windows];
        double[] jvm = new double[windows];
        for (int j = 1; j < polls; j++) {
            from[j - 1] = clock.nanoMs(samples.pollNanos(j - 1));
            to[j - 1] = clock.nanoMs(samples.pollNanos(j));
            double len = to[j - 1] - from[j - 1];
            busy[j - 1] = len > 0 ? Math.max(0, cpuNs[j] / 1e6 / len) : 0;
            if (len > 0) {
                jvm[j - 1] = Math.min(Math.max(0, cores - busy[j - 1]), jvmCoresAround(j, samples, cpuNs, clock));
            }
        }
        return new Utilization(from, to, busy, jvm, cores);
    }

    /**
     * The process's CPU minus the recorded threads' CPU, in cores, over at least
     * {@link #PROCESS_CPU_SPAN_MS} around the window that ends at poll {@code j}: the process CPU
     * clock the JDK reads ({@code OperatingSystemMXBean.getProcessCpuTime}) moves in 10 ms steps on
     * Linux, so one 5 ms window would show a step as 2 cores and its neighbours as none. 0 when
     * the process CPU was not read.
     */
    private static double jvmCoresAround(int j, CpuSamples samples, double[] cpuNs, TimeBase clock) {
        int a = j - 1;
        int b = j;
        int last = samples.polls() - 1;
        while (clock.nanoMs(samples.pollNanos(b)) - clock.nanoMs(samples.pollNanos(a)) < PROCESS_CPU_SPAN_MS
                && (a > 0 || b < last)) {
            if (a > 0) {
                a--;
            }
            if (b < last) {
                b++;
            }
        }
        long p0 = samples.processCpuNanos(a);
        long p1 = samples.processCpuNanos(b);
        double span = clock.nanoMs(samples.pollNanos(b)) - clock.nanoMs(samples.pollNanos(a));
        if (p0 < 0 || p1 < 0 || span <= 0) {
            return 0;
        }
        double cells = 0;
        for (int k = a + 1; k <= b; k++) {
            cells += cpuNs[k];
        }
        // the clocks are read µs apart, so a span can come out below 0 (the caller caps the top)
        return Math.max(0, (p1 - p0 - cells) / 1e6 / span);
    }

    /** CPU time {@code carriers} used while recording, in ms. */
    static double carrierCpuMs(List<Long> carriers, Set<Long> existedBefore, CpuSamples samples) {
        long ns = 0;
        for (long id : carriers) {
            CpuSamples.Series s = samples.series(id);
            if (s != null && s.n > 0) {
                ns += s.cpu[s.n - 1] - (existedBefore.contains(id) ? s.cpu[0] : 0);
            }
        }
        return ns / 1e6;
    }
}
