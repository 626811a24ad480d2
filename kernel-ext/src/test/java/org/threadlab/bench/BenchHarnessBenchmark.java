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
 * (c) The JIT did not fold the split sum's loop into a formula: {@code SplitSum.sum} on one
 * thread over 16 times the range, best of 5 each after C2 compiled it, takes about 16 times as long (a
 * folded loop would take the same time), so the benchmarks above time real work.
 */
public final class BenchHarnessBenchmark {
    public static void main(String[] args) throws InterruptedException {
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

        // (c) a folded loop would take the same time for any range
        for (int i = 0; i < 5; i++) {
            SplitSum.sum(0, 20_000_000, 1);   // let C2 compile it first
        }
        double small = bestOfMs(10_000_000);
        double large = bestOfMs(160_000_000);
        System.out.printf(Locale.ROOT, "(c) SplitSum.sum on 1 thread: 10M numbers %.2f ms, 160M %.2f ms: %.1fx the time for 16x the work%n",
                small, large, large / small);
        if (args.length > 0) {
            try {
                java.nio.file.Files.write(java.nio.file.Path.of(args[0]), org.threadlab.chart.BenchChart.png(r));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }

    private static double bestOfMs(long n) throws InterruptedException {
        double best = Double.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            long t0 = System.nanoTime();
            long sum = SplitSum.sum(0, n, 1);
            best = Math.min(best, (System.nanoTime() - t0) / 1e6);
            if (sum != n * (n - 1) / 2) {
                throw new AssertionError("sumRange(0, " + n + ") = " + sum);
            }
        }
        return best;
    }
}
