package org.threadlab.chart;

import java.awt.image.BufferedImage;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import org.threadlab.record.PhaseLog;
import org.threadlab.record.Recorder;
import org.threadlab.record.VirtualSleepers;
import org.threadlab.record.Recording;

/**
 * What {@code %%threads}' chart costs, cold and warm: laying it out and drawing it, then encoding
 * it as PNG (the phases "draw" and "png" of {@link PhaseLog}, and their total) for a real recording of a cell that starts one thread doing
 * nothing (as a kernel's cell thread) and of 10,000 virtual threads sleeping 200 ms. Each figure
 * comes from a fresh JVM that first runs {@link ThreadChart#warmUp()} as the kernel does, then
 * draws the same recording's chart again and again: the 1st call, the median of calls 11–20 (a
 * kernel's first cells) and the median of 100 calls after 300 (warm). Given several classpaths
 * (for example a build of main and one of a branch), it starts their JVMs in turn, so that both
 * see the same load. Not a test; numbers move with the machine's load.
 *
 * <pre>
 * java -cp …test classpath… org.threadlab.chart.ChartCostBenchmark [jvms] [CLASSPATH_A [CLASSPATH_B ...]]
 * </pre>
 * Without classpaths it runs its own. Each JVM runs with {@code -Xmx1g -Djava.awt.headless=true}
 * and the {@code jdk.internal.vm} export the recorder uses.
 */
public final class ChartCostBenchmark {
    private static final String[] PHASES = {"draw", "png", "total"};
    private static final Path PHASES_FILE = Path.of(System.getProperty("threadlab.phases", "phases.log"));
    private static final String[] KINDS = {"empty", "sleepers"};
    private static final String[] WHEN = {"1st", "11-20th", "warm"};

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("--child")) {
            child();
            return;
        }
        int jvms = args.length > 0 ? Integer.parseInt(args[0]) : 6;
        List<String> classpaths = args.length > 1 ? List.of(Arrays.copyOfRange(args, 1, args.length))
                : List.of(System.getProperty("java.class.path"));
        System.out.printf(Locale.ROOT, "ChartCostBenchmark: %d JVMs per classpath, %d cores, load average %.2f at start%n",
                jvms, Runtime.getRuntime().availableProcessors(), load());
        // per classpath: "kind phase when" -> ms from each JVM; png bytes
        List<Map<String, List<Double>>> figures = new ArrayList<>();
        for (int c = 0; c < classpaths.size(); c++) {
            figures.add(new LinkedHashMap<>());
        }
        for (int j = 0; j < jvms; j++) {
            for (int c = 0; c < classpaths.size(); c++) {
                for (String line : runChild(classpaths.get(c))) {
                    String[] f = line.split(" ");
                    figures.get(c).computeIfAbsent(f[0] + " " + f[1] + " " + f[2], k -> new ArrayList<>())
                            .add(Double.parseDouble(f[3]));
                }
            }
        }
        for (int c = 0; c < classpaths.size(); c++) {
            System.out.printf(Locale.ROOT, "%n== classpath %d%s: ms, median of %d JVMs [min-max]%n", c + 1,
                    classpaths.size() > 1 ? " (" + abbreviate(classpaths.get(c)) + ")" : "", jvms);
            for (var e : figures.get(c).entrySet()) {
                double[] v = e.getValue().stream().mapToDouble(Double::doubleValue).sorted().toArray();
                System.out.printf(Locale.ROOT, "%-26s %8.2f [%.2f-%.2f]%n", e.getKey(), v[v.length / 2], v[0],
                        v[v.length - 1]);
            }
        }
        System.out.printf(Locale.ROOT, "%nload average %.2f at end%n", load());
    }

    private static List<String> runChild(String classpath) throws Exception {
        String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
        Path phases = Files.createTempFile("chart-phases", ".log");
        Process p = new ProcessBuilder(java, "-Xmx1g", "-Djava.awt.headless=true",
                "--add-exports", "java.base/jdk.internal.vm=ALL-UNNAMED", "-Dthreadlab.phases=" + phases, "-cp", classpath,
                ChartCostBenchmark.class.getName(), "--child")
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        List<String> lines = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = in.readLine()) != null; ) {
                lines.add(line);
            }
        }
        Files.delete(phases);
        if (p.waitFor() != 0) {
            throw new IllegalStateException("child JVM failed: " + p.exitValue());
        }
        return lines;
    }

    /** In a fresh JVM: each kind's chart drawn and encoded, cold to warm; prints "kind phase when ms" lines. */
    private static void child() throws Exception {
        Recorder.warmUp().get();
        ThreadChart.warmUp().get();
        Recording empty = new Recorder().record("%%threads: int x = 1 + 1;", () -> {
            Thread t = Thread.ofPlatform().start(() -> { });
            t.join();
            return null;
        });
        Recording sleepers = new Recorder().record("%%threads: 10,000 virtual threads sleeping 200 ms",
                () -> VirtualSleepers.run(10_000, 200));
        // a build that draws and encodes in one call marks its phases itself; an older one is timed here
        boolean marksItself = Arrays.stream(ThreadChart.class.getMethods())
                .anyMatch(m -> m.getName().equals("png") && m.getParameterCount() == 2);
        ThreadChart chart = new ThreadChart();
        for (int k = 0; k < KINDS.length; k++) {
            Recording r = k == 0 ? empty : sleepers;
            int calls = 400;
            int bytes = 0;
            Files.writeString(PHASES_FILE, "");
            for (int i = 0; i < calls; i++) {
                PhaseLog.begin();
                if (marksItself) {
                    bytes = chart.png(r, chart.layout(r)).length;
                } else {
                    BufferedImage image = chart.image(r);
                    PhaseLog.mark("draw");
                    bytes = ChartStyle.png(image).length;
                    PhaseLog.mark("png");
                }
                PhaseLog.flush("chart");
            }
            List<String> lines = Files.readAllLines(PHASES_FILE);
            for (String phase : PHASES) {
                double[] ms = lines.stream().mapToDouble(line -> phase(line, phase)).toArray();
                double[] when = {ms[0], median(ms, 10, 20), median(ms, 300, calls)};
                for (int w = 0; w < WHEN.length; w++) {
                    System.out.printf(Locale.ROOT, "%s %s %s %.3f%n", KINDS[k], phase, WHEN[w], when[w]);
                }
            }
            System.out.printf(Locale.ROOT, "%s png-kB %d-threads %.1f%n", KINDS[k], r.threads().size(), bytes / 1024.0);
        }
    }

    /** The milliseconds of {@code phase} in a line of {@link PhaseLog}: "what a=1.00 b=2.00 total=3.00". */
    private static double phase(String line, String phase) {
        for (String field : line.split(" ")) {
            if (field.startsWith(phase + "=")) {
                return Double.parseDouble(field.substring(phase.length() + 1));
            }
        }
        throw new IllegalStateException("no " + phase + " in " + line);
    }

    private static double median(double[] xs, int from, int to) {
        double[] s = Arrays.copyOfRange(xs, from, to);
        Arrays.sort(s);
        return s[s.length / 2];
    }

    /** The classpath's first entry that is not test classes: the build it measures. */
    private static String abbreviate(String classpath) {
        String main = Arrays.stream(classpath.split(File.pathSeparator)).filter(e -> !e.contains("test-classes"))
                .findFirst().orElse(classpath);
        return main.length() > 60 ? "…" + main.substring(main.length() - 59) : main;
    }

    private static double load() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }
}
