package org.threadlab.bench;

import java.util.Locale;
import org.threadlab.patterns.SplitSum;

/**
 * Measures the bench harness itself, then the split-sum sweep of the issue. Not a unit test
 * (surefire runs only *Test classes); run it by hand on an otherwise quiet machine:
 *
 * <pre>
 * mvn -B -q -pl kernel-ext test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 * java -cp kernel-ext/target/classes:kernel-ext/target/test-classes:$(cat kernel-ext/target/cp.txt) \
 *      org.threadlab.bench.BenchHarnessBenchmark
 * </pre>
 *
 * <p>(a) Harness overhead per run: an empty body run 200,000 times; the wall time of the whole
 * {@link BenchRunner#run} divided by the runs, with a progress listener that formats the progress
 * line every 1,000 steps (as a throttled display would). (b) {@code threads=1,2,4} over
 * SplitSum.sum(0, 400_000_000L, threads), 5 runs after 1 warm-up, and the 2-thread speedup.
 */
public final class BenchHarnessBenchmark {
    public static void main(String[] args) {
        // (a) overhead: repeat in one point so the per-run loop is what is measured
        int runs = 200_000;
        BenchRunner runner = new BenchRunner(step -> {
            if (step.run() % 1000 == 0) {
                step.line();
            }
        });
        Sweep one = BenchOptions.parse("n=1").sweep();
        for (int i = 0; i < 3; i++) {
            runner.run(one, 0, runs, null, b -> { });   // warm the harness itself
        }
        long t0 = System.nanoTime();
        BenchResult empty = runner.run(one, 0, runs, null, b -> { });
        double perRunUs = (System.nanoTime() - t0) / 1e3 / runs;
        System.out.printf(Locale.ROOT, "(a) harness overhead: %.3f us per run in total (%d empty runs); "
                + "median timed interval of an empty body %.3f us%n", perRunUs, runs,
                empty.points().get(0).stats().median() * 1000);

        // (b) the sweep
        BenchOptions o = BenchOptions.parse("threads=1,2,4", "--repeat", "5", "--warmup", "1",
                "--title", "SplitSum.sum(0, 400_000_000L, threads)");
        BenchResult r = new BenchRunner().run(o, b -> SplitSum.sum(0, 400_000_000L, (Integer) b.get("threads")));
        System.out.println("(b)");
        System.out.print(r.table());
        System.out.printf(Locale.ROOT, "2-thread speedup: %.2fx (cores: %d)%n", r.speedup(2), r.cores());
        if (args.length > 0) {
            try {
                java.nio.file.Files.write(java.nio.file.Path.of(args[0]), org.threadlab.chart.BenchChart.png(r));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }
}
