package org.threadlab.record;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import org.threadlab.chart.ThreadChart;

/**
 * Where a recorded cell's time goes, phase by phase ({@link PhaseLog}): JFR start, the body,
 * settle, stop, dump, parse, assemble, chart PNG, summary; for a body that starts no thread and
 * for 10,000 virtual threads sleeping 200 ms. Then which part of the recorder slows the sleepers'
 * body itself: plain, the CPU poller alone, JFR's events alone, both, in turn. Not a test; numbers
 * move with the machine's load.
 *
 * <pre>
 * java -Xmx1g -Djava.awt.headless=true -cp …as for RecorderBenchmark… org.threadlab.record.RecorderCostBenchmark [empty-runs] [sleeper-runs] [body-rounds]
 * </pre>
 */
public final class RecorderCostBenchmark {
    public static void main(String[] args) throws Exception {
        Path log = Files.createTempFile("phases", ".log");
        System.setProperty("threadlab.phases", log.toString()); // before PhaseLog is loaded
        int emptyRuns = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        int sleeperRuns = args.length > 1 ? Integer.parseInt(args[1]) : 8;
        Recorder.warmUp().get();
        ThreadChart.warmUp().get();
        System.out.printf(Locale.ROOT, "RecorderCostBenchmark: %d cores, load average %.2f at start%n",
                Runtime.getRuntime().availableProcessors(),
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        run("empty body", emptyRuns, 20, () -> null, log);
        run("10,000 virtual threads sleeping 200 ms", sleeperRuns, 2, () -> VirtualSleepers.run(10_000, 200), log);
        bodyCost(args.length > 2 ? Integer.parseInt(args[2]) : 8);
        System.out.printf(Locale.ROOT, "load average %.2f at end%n",
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        Files.delete(log);
    }

    private static double sleepersBody() {
        long t = System.nanoTime();
        VirtualSleepers.run(10_000, 200);
        return (System.nanoTime() - t) / 1e6;
    }

    /** The sleepers' body timed inside, with each part of the recorder on alone, in turn. */
    private static void bodyCost(int rounds) {
        String[] kinds = {"plain", "poller", "jfr events", "poller + jfr events"};
        Map<String, List<Double>> ms = new LinkedHashMap<>();
        for (int i = -2; i < rounds; i++) {
            for (String k : kinds) {
                jdk.jfr.Recording jfr = null;
                if (k.contains("jfr")) {
                    jfr = new jdk.jfr.Recording();
                    for (String e : JfrEventNames.LIFE) {
                        jfr.enable(e).withoutStackTrace();
                    }
                    for (String e : JfrEventNames.STATE) {
                        jfr.enable(e).withoutStackTrace().withThreshold(java.time.Duration.ZERO);
                    }
                    jfr.setToDisk(true);
                    jfr.start();
                }
                CpuSampler poller = k.contains("poller")
                        ? new CpuSampler(Thread.currentThread().threadId(), 5_000_000, () -> { }) : null;
                if (poller != null) {
                    poller.start(Long.MAX_VALUE);
                }
                double body = sleepersBody();
                if (poller != null) {
                    poller.stop();
                }
                if (jfr != null) {
                    jfr.close();
                }
                if (i >= 0) {
                    ms.computeIfAbsent(k, x -> new ArrayList<>()).add(body);
                }
            }
        }
        System.out.printf(Locale.ROOT, "%n== the sleepers' body, %d rounds of each in turn: ms, median [min-max]%n", rounds);
        double plain = median(ms.get("plain"));
        for (var e : ms.entrySet()) {
            double[] v = e.getValue().stream().mapToDouble(Double::doubleValue).sorted().toArray();
            System.out.printf(Locale.ROOT, "%-20s %8.1f [%.1f-%.1f] %.3fx plain%n", e.getKey(), v[v.length / 2], v[0],
                    v[v.length - 1], v[v.length / 2] / plain);
        }
    }

    private static double median(List<Double> xs) {
        return xs.stream().mapToDouble(Double::doubleValue).sorted().toArray()[xs.size() / 2];
    }

    private static void run(String what, int runs, int warmups, Callable<?> body, Path log) throws Exception {
        ThreadChart chart = new ThreadChart();
        for (int i = 0; i < warmups + runs; i++) {
            if (i == warmups) {
                Files.writeString(log, "");
            }
            PhaseLog.begin();
            Recording r = new Recorder().record(what, body);
            chart.png(r);
            PhaseLog.mark("png");
            r.summaryHtml();
            r.summaryText();
            PhaseLog.mark("summary");
            PhaseLog.flush("run");
        }
        Map<String, List<Double>> phases = new LinkedHashMap<>();
        for (String line : Files.readAllLines(log)) {
            for (String field : line.split(" ")) {
                int eq = field.indexOf('=');
                if (eq > 0) {
                    phases.computeIfAbsent(field.substring(0, eq), k -> new ArrayList<>())
                            .add(Double.parseDouble(field.substring(eq + 1)));
                }
            }
        }
        System.out.printf(Locale.ROOT, "%n== %s, %d runs after %d warm-up: ms, median [min-max]%n", what, runs, warmups);
        for (var e : phases.entrySet()) {
            double[] v = e.getValue().stream().mapToDouble(Double::doubleValue).sorted().toArray();
            System.out.printf(Locale.ROOT, "%-14s %8.2f [%.2f-%.2f]%n", e.getKey(), v[v.length / 2], v[0], v[v.length - 1]);
        }
    }
}
