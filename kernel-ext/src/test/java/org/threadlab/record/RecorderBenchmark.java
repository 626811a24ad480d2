package org.threadlab.record;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.function.LongSupplier;
import org.threadlab.chart.ThreadChart;

/**
 * Measures the recorder against the targets: fidelity, overhead, scale, render time.
 * Not a unit test: it takes about a minute and its numbers depend on the machine's load. The
 * figures {@code RecorderTest} cannot pin without flaking on a loaded machine are here: how late
 * the timeout lands, how far a virtual thread's sleep overruns, the unknown stretch after a
 * thread's last CPU poll.
 *
 * <p>Run from the repository root (JDK 25 on PATH):
 * <pre>
 * mvn -B -q -pl kernel-ext test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt -Dmdep.includeScope=test
 * java -Xmx1g -Djava.awt.headless=true --add-exports java.base/jdk.internal.vm=ALL-UNNAMED -cp kernel-ext/target/classes:kernel-ext/target/test-classes:$(cat kernel-ext/target/cp.txt) org.threadlab.record.RecorderBenchmark
 * </pre>
 * Arguments run only the sections named: {@code fidelity virtual splitsum poller sleepers scale render}.
 * Without {@code --add-exports java.base/jdk.internal.vm=ALL-UNNAMED} virtual threads' states are not
 * sampled (so a run without it measures the recorder without that sampler).
 *
 * <p>Overhead runs alternate plain and recorded runs after warm-up and report the median with
 * min–max; "body" is the time the body took, "total" the whole {@code record()} call including
 * JFR start, stop, and parsing. The numbers are data from one machine at one time, not a promise.
 */
public final class RecorderBenchmark {
    private static final int CORES = Runtime.getRuntime().availableProcessors();

    public static void main(String[] args) throws Exception {
        Recorder.warmUp().get();
        System.out.printf(Locale.ROOT, "RecorderBenchmark: %s %s, %d cores, load average %.2f at start%n",
                System.getProperty("java.vm.name"), System.getProperty("java.version"), CORES,
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        java.util.Set<String> only = java.util.Set.of(args); // section names to run; none: all
        if (only.isEmpty() || only.contains("fidelity")) {
            fidelity();
        }
        if (only.isEmpty() || only.contains("virtual")) {
            virtualWaits();
        }
        if (only.isEmpty() || only.contains("splitsum")) {
            overheadSplitSum();
        }
        if (only.isEmpty() || only.contains("poller")) {
            pollerCost();
        }
        if (only.isEmpty() || only.contains("sleepers")) {
            overheadVirtualSleepers();
        }
        if (only.isEmpty() || only.contains("scale")) {
            scale100k();
        }
        if (only.isEmpty() || only.contains("render")) {
            render64Lanes();
        }
        System.out.printf(Locale.ROOT, "load average %.2f at end%n",
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }

    // ---- fidelity

    private static void fidelity() throws Exception {
        System.out.println("\n== fidelity");
        Map<String, Double> measured = new ConcurrentHashMap<>();
        Recording r = RecorderTest.sleepers(measured);
        for (int ms = 100; ms <= 400; ms += 100) {
            ThreadRecord t = r.thread("sleep-" + ms).orElseThrow();
            double slept = r.msIn(t.index(), ThreadState.SLEEPING);
            double truth = measured.get(t.name());
            System.out.printf(Locale.ROOT, "sleep %d ms: recorded sleeping %.2f ms; vs requested %+.2f ms, vs in-thread"
                    + " measured (%.2f ms) %+.2f ms; allowed ±%.1f ms%n", ms, slept, slept - ms, truth, slept - truth,
                    Math.max(5, 0.03 * ms));
        }

        Recording cpu = new Recorder().record("cpu", () -> {
            Thread.ofPlatform().name("spinner").start(() -> RecorderTest.spin(500)).join();
            return null;
        });
        ThreadRecord s = cpu.thread("spinner").orElseThrow();
        System.out.printf(Locale.ROOT, "CPU-bound thread (500 ms): running %.1f %% of its life, runnable %.1f %%,"
                + " unknown %.1f %%; its CPU time / life = %.1f %% (what the machine gave it)%n",
                100 * cpu.msIn(s.index(), ThreadState.RUNNING) / s.lifeMs(),
                100 * cpu.msIn(s.index(), ThreadState.RUNNABLE) / s.lifeMs(),
                100 * cpu.msIn(s.index(), ThreadState.UNKNOWN) / s.lifeMs(), 100 * s.cpuNanos() / 1e6 / s.lifeMs());

        double[] virtualSlept = new double[200];
        Recording virtual = new Recorder().record("virtual sleepers", () -> {
            List<Thread> ts = new ArrayList<>();
            for (int i = 0; i < virtualSlept.length; i++) {
                ts.add(Thread.ofVirtual().start(() -> RecorderTest.sleep(50)));
            }
            for (Thread t : ts) {
                t.join();
            }
            return null;
        });
        for (ThreadRecord t : virtual.threads()) {
            virtualSlept[t.index()] = virtual.msIn(t.index(), ThreadState.SLEEPING);
        }
        System.out.printf(Locale.ROOT, "200 virtual threads sleeping 50 ms: recorded sleeping %s (a virtual thread's"
                + " sleep lasts until it is mounted again)%n", stats(virtualSlept));

        double[] timeoutWall = new double[5];
        for (int i = 0; i < timeoutWall.length; i++) {
            timeoutWall[i] = new Recorder(Recorder.Options.defaults().withTimeout(java.time.Duration.ofMillis(200)))
                    .record("overruns", () -> {
                        Thread.sleep(10_000);
                        return null;
                    }).wallMs() - 200;
        }
        System.out.printf(Locale.ROOT, "timeout of 200 ms: the recording ends %s after it%n", stats(timeoutWall));

        Recording locks = RecorderTest.lockTurns(measured);
        for (ThreadRecord t : locks.threads().stream()
                .sorted(java.util.Comparator.comparingDouble(t -> locks.msIn(t.index(), ThreadState.BLOCKED))).toList()) {
            System.out.printf(Locale.ROOT, "lock turns (3 x 50 ms): %s blocked %.1f ms recorded, %.1f ms measured"
                    + " in-thread (expected about 0, 50, 100)%n", t.name(), locks.msIn(t.index(), ThreadState.BLOCKED),
                    measured.get(t.name()));
        }
    }

    // ---- virtual threads waiting: sampled states

    /**
     * The share of each virtual thread's wait (as it measured it) drawn waiting, or blocked for a
     * monitor, with 100 and 10,000 virtual threads in all (a quarter of each kind) and with 10,000
     * of each kind; and what one sample of their states costs, CPU, discovery of new threads included.
     */
    private static void virtualWaits() throws Exception {
        System.out.println("\n== virtual threads waiting 200 ms on a queue, lock, latch, monitor (sampled states)");
        if (!VirtualStateSampler.available()) {
            System.out.println("not measured: run with --add-exports java.base/jdk.internal.vm=ALL-UNNAMED");
            return;
        }
        for (int n : new int[] {10, 1_000, 10_000}) {
            System.out.printf(Locale.ROOT, "one sample, %6d parked virtual threads: %s%n", n, sampleCost(n));
        }
        VirtualThreadWaitsTest.waits(10, 50); // warm-up
        for (int perKind : new int[] {25, 2_500, 10_000}) { // 100 and 10,000 threads in all, and 10,000 of each
            for (int rep = 0; rep < 3; rep++) {
                VirtualThreadWaitsTest.Waits w = VirtualThreadWaitsTest.waits(perKind, 200);
                StringBuilder b = new StringBuilder();
                StringBuilder lost = new StringBuilder();
                for (VirtualThreadWaitsTest.Kind k : VirtualThreadWaitsTest.Kind.values()) {
                    b.append(String.format(Locale.ROOT, "  %s %.1f %% %s", k.name().toLowerCase(Locale.ROOT),
                            100 * w.fraction(k, k.drawn), k.drawn.label()));
                    double[] ends = lostAtEnds(w, k);
                    lost.append(String.format(Locale.ROOT, "  %s %.1f + %.1f %%", k.name().toLowerCase(Locale.ROOT),
                            ends[0], ends[1]));
                }
                System.out.printf(Locale.ROOT, "%6d of each kind, run %d: share of the wait drawn in its state:%s"
                        + "  (wall %.0f ms)%n", perKind, rep + 1, b, w.recording().wallMs());
                System.out.printf(Locale.ROOT, "%6s not drawn so, before its first and after its last stretch:%s%n",
                        "", lost);
            }
        }
    }

    /**
     * Of the waits of {@code kind}, the share (%) not drawn in their state before the first
     * stretch that is (a thread found and sampled late) and after the last one (its release seen
     * late); a wait never drawn so counts as lost at its start.
     */
    private static double[] lostAtEnds(VirtualThreadWaitsTest.Waits w, VirtualThreadWaitsTest.Kind kind) {
        double head = 0;
        double tail = 0;
        double total = 0;
        for (ThreadRecord t : w.recording().threads()) {
            double[] wait = w.waitMsOf().get(t.id());
            if (w.kindOf().get(t.id()) != kind || wait == null) {
                continue;
            }
            double first = Double.NaN;
            double last = Double.NaN;
            for (Interval i : w.recording().intervalsOf(t.index())) {
                if (i.state() == kind.drawn && i.endMs() > wait[0] && i.startMs() < wait[1]) {
                    first = Double.isNaN(first) ? Math.max(wait[0], i.startMs()) : first;
                    last = Math.min(wait[1], i.endMs());
                }
            }
            total += wait[1] - wait[0];
            head += Double.isNaN(first) ? wait[1] - wait[0] : first - wait[0];
            tail += Double.isNaN(last) ? 0 : wait[1] - last;
        }
        return new double[] {100 * head / total, 100 * tail / total};
    }

    /** CPU per sample of {@code n} parked virtual threads, median of 5 runs of 40 samples each. */
    private static String sampleCost(int n) throws Exception {
        CountDownLatch gate = new CountDownLatch(1);
        List<Thread> ts = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ts.add(Thread.ofVirtual().start(() -> {
                try {
                    gate.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
        }
        double[] us = new double[5];
        for (int rep = 0; rep < us.length; rep++) {
            VirtualStateSampler s = new VirtualStateSampler(1_000_000);
            s.start(ts.get(0).threadId() - 1);
            Thread.sleep(200);
            s.stop();
            us[rep] = s.meanSampleNanos() / 1e3;
        }
        gate.countDown();
        for (Thread t : ts) {
            t.join();
        }
        Arrays.sort(us);
        return String.format(Locale.ROOT, "%.0f us CPU (min %.0f, max %.0f, n=5 runs)", us[2], us[0], us[4]);
    }

    // ---- overhead

    private static volatile long sink;

    private static long splitSum(long n) throws InterruptedException {
        long[] part = new long[2];
        Thread[] ts = new Thread[2];
        for (int k = 0; k < 2; k++) {
            int kk = k;
            ts[k] = Thread.ofPlatform().name("sum-" + k).start(() -> {
                long sum = 0;
                for (long i = kk * n / 2; i < (kk + 1) * n / 2; i++) {
                    sum += (i * i) % 7 + (i ^ (i >>> 3));
                }
                part[kk] = sum;
            });
        }
        for (Thread t : ts) {
            t.join();
        }
        return part[0] + part[1];
    }

    private static void overheadSplitSum() throws Exception {
        System.out.println("\n== overhead: CPU-bound split sum, 2 threads");
        long n = 1_000_000;
        for (int warm = 0; warm < 3; warm++) {
            sink = splitSum(n); // compile the loop before calibrating
        }
        while (true) { // calibrate to 400 ms or more a run
            long t0 = System.nanoTime();
            sink = splitSum(n);
            if (System.nanoTime() - t0 > 400_000_000L) {
                break;
            }
            n *= 2;
        }
        System.out.printf(Locale.ROOT, "n = %d%n", n);
        long size = n;
        compare("split sum", 3, 21, () -> {
            try {
                return splitSum(size);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    /**
     * CPU the poller thread uses per 5 ms of wall time while 2 threads spin and {@code idle} platform
     * threads stay parked (their state is sampled at every poll, since their CPU does not advance).
     */
    private static void pollerCost() throws Exception {
        System.out.println("\n== poller cost: CPU of the poller thread per 5 ms, 2 spinning threads + idle parked ones");
        var mx = ManagementFactory.getThreadMXBean();
        for (int idle : new int[] {0, 8, 64}) {
            double[] us = new double[5];
            for (int rep = 0; rep < us.length; rep++) {
                double[] perPoll = new double[1];
                new Recorder().record("poller cost", () -> {
                    List<Thread> parked = new ArrayList<>();
                    for (int i = 0; i < idle; i++) {
                        parked.add(Thread.ofPlatform().daemon().start(java.util.concurrent.locks.LockSupport::park));
                    }
                    Thread poller = Thread.getAllStackTraces().keySet().stream()
                            .filter(t -> t.getName().equals("threadlab-cpu-sampler")).findFirst().orElseThrow();
                    long c0 = mx.getThreadCpuTime(poller.threadId());
                    long t0 = System.nanoTime();
                    Thread a = Thread.ofPlatform().start(() -> RecorderTest.spin(500));
                    Thread b = Thread.ofPlatform().start(() -> RecorderTest.spin(500));
                    a.join();
                    b.join();
                    perPoll[0] = (mx.getThreadCpuTime(poller.threadId()) - c0) / 1e3 / ((System.nanoTime() - t0) / 5e6);
                    parked.forEach(java.util.concurrent.locks.LockSupport::unpark);
                    return null;
                });
                us[rep] = perPoll[0];
            }
            Arrays.sort(us);
            System.out.printf(Locale.ROOT, "%2d idle threads: %6.1f us per 5 ms (min %.1f, max %.1f, n=5)%n", idle, us[2],
                    us[0], us[4]);
        }
    }

    private static void overheadVirtualSleepers() throws Exception {
        System.out.println("\n== overhead: 10,000 virtual threads sleeping 10 ms");
        compare("10k virtual sleepers", 4, 21, () -> {
            VirtualSleepers.run(10_000, 10);
            return 0;
        });
    }

    /** Alternates plain and recorded runs; prints medians and spread, and the ratios. */
    private static void compare(String what, int warmups, int runs, LongSupplier body) {
        Recorder recorder = new Recorder();
        double[] plain = new double[runs];
        double[] recordedBody = new double[runs];
        double[] recordedTotal = new double[runs];
        for (int i = -warmups; i < runs; i++) {
            long t0 = System.nanoTime();
            sink = body.getAsLong();
            double p = (System.nanoTime() - t0) / 1e6;
            long[] inside = new long[2];
            long t1 = System.nanoTime();
            Recording r = recorder.record(what, () -> {
                inside[0] = System.nanoTime();
                sink = body.getAsLong();
                inside[1] = System.nanoTime();
                return null;
            });
            double total = (System.nanoTime() - t1) / 1e6;
            if (r.failure().isPresent()) {
                throw new IllegalStateException(r.failure().get());
            }
            if (i >= 0) {
                plain[i] = p;
                recordedBody[i] = (inside[1] - inside[0]) / 1e6;
                recordedTotal[i] = total;
            }
        }
        System.out.printf(Locale.ROOT, "plain          %s%n", stats(plain));
        System.out.printf(Locale.ROOT, "recorded body  %s%n", stats(recordedBody));
        System.out.printf(Locale.ROOT, "recorded total %s  (record() call: JFR start/stop, dump, parse)%n",
                stats(recordedTotal));
        System.out.printf(Locale.ROOT, "ratio (median/median): body %.3fx, total %.3fx%n",
                median(recordedBody) / median(plain), median(recordedTotal) / median(plain));
    }

    private static double median(double[] xs) {
        double[] s = xs.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    private static String stats(double[] xs) {
        return String.format(Locale.ROOT, "median %8.1f ms  (min %.1f, max %.1f, n=%d)", median(xs),
                Arrays.stream(xs).min().orElse(0), Arrays.stream(xs).max().orElse(0), xs.length);
    }

    // ---- scale

    private static long heapUsed() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static long heapPeakSinceReset() {
        long sum = 0;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP) {
                sum += p.getPeakUsage().getUsed();
            }
        }
        return sum;
    }

    private static void resetPeaks() {
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP) {
                p.resetPeakUsage();
            }
        }
    }

    private static Object hundredThousandSleepers() {
        return VirtualSleepers.run(100_000, 10);
    }

    private static void scale100k() {
        System.out.println("\n== scale: 100,000 virtual threads sleeping 10 ms");
        hundredThousandSleepers(); // warm-up
        System.gc();
        resetPeaks();
        long t0 = System.nanoTime();
        hundredThousandSleepers();
        double plainMs = (System.nanoTime() - t0) / 1e6;
        long plainPeak = heapPeakSinceReset();

        System.gc();
        long before = heapUsed();
        resetPeaks();
        long t1 = System.nanoTime();
        Recording r = new Recorder().record("100k virtual", RecorderBenchmark::hundredThousandSleepers);
        double recordMs = (System.nanoTime() - t1) / 1e6;
        long recordedPeak = heapPeakSinceReset();
        System.gc();
        long retained = heapUsed() - before;
        System.out.printf(Locale.ROOT, "plain run %.0f ms; record() %.0f ms; %d threads, %d intervals%n", plainMs,
                recordMs, r.threads().size(), r.intervals().size());
        System.out.printf(Locale.ROOT, "heap: peak during recorded run %.0f MB vs plain run %.0f MB (extra %.0f MB);"
                + " the Recording retains %.0f MB%n", recordedPeak / 1e6, plainPeak / 1e6,
                (recordedPeak - plainPeak) / 1e6, retained / 1e6);
        ThreadChart chart = new ThreadChart();
        long tw = System.nanoTime();
        chart.png(Recordings.onePerState()); // Java2D, fonts and PNG writer load once per JVM
        System.out.printf(Locale.ROOT, "first chart in this JVM (small, loads Java2D and fonts): %.0f ms%n",
                (System.nanoTime() - tw) / 1e6);
        double[] render = new double[5];
        int bytes = 0;
        for (int i = 0; i < render.length; i++) {
            long t2 = System.nanoTime();
            bytes = chart.png(r).length;
            render[i] = (System.nanoTime() - t2) / 1e6;
        }
        System.out.printf(Locale.ROOT, "render PNG (aggregated, %d bytes): %s; first of them %.0f ms%n", bytes,
                stats(render), render[0]);
        long te = System.nanoTime();
        int csv = r.toCsv().length();
        long tj = System.nanoTime();
        int json = r.toTraceJson().length();
        System.out.printf(Locale.ROOT, "exports: CSV %.1f MB in %.0f ms, trace JSON %.1f MB in %.0f ms%n", csv / 1e6,
                (tj - te) / 1e6, json / 1e6, (System.nanoTime() - tj) / 1e6);
        long t3 = System.nanoTime();
        int summary = r.summaryText().length();
        System.out.printf(Locale.ROOT, "summary text %d chars in %.0f ms%n", summary, (System.nanoTime() - t3) / 1e6);
    }

    private static void render64Lanes() {
        System.out.println("\n== render: 64 lanes");
        Recording r = new Recorder().record("64 threads", () -> {
            List<Thread> ts = new ArrayList<>();
            for (int i = 0; i < 64; i++) {
                int k = i;
                ts.add(Thread.ofPlatform().name("worker-" + i).start(() -> {
                    RecorderTest.spin(5 + k % 7);
                    RecorderTest.sleep(20 + k);
                    RecorderTest.spin(5);
                }));
            }
            for (Thread t : ts) {
                t.join();
            }
            return null;
        });
        ThreadChart chart = new ThreadChart();
        double[] times = new double[15];
        for (int i = -3; i < times.length; i++) {
            long t0 = System.nanoTime();
            chart.png(r);
            if (i >= 0) {
                times[i] = (System.nanoTime() - t0) / 1e6;
            }
        }
        System.out.printf(Locale.ROOT, "%d lanes, %d intervals, PNG render: %s%n", r.threads().size(),
                r.intervals().size(), stats(times));
        long t1 = System.nanoTime();
        int svg = chart.svg(r).length();
        System.out.printf(Locale.ROOT, "SVG render (%d chars): %.0f ms%n", svg, (System.nanoTime() - t1) / 1e6);
    }
}
