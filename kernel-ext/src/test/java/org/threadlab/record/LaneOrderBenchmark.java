package org.threadlab.record;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Times {@link ThreadSelection#lanes} on 10,000 (or {@code threads}) threads started by one loop,
 * all within {@link ThreadSelection#TOGETHER_NS} of each other, so they are ordered as one group:
 * named platform threads ({@code worker-N}, numbers compared as numbers) and unnamed virtual
 * threads. Prints each call's milliseconds, the first ones in a cold JVM. Not a unit test; the
 * numbers depend on the machine's load. Run from the repository root (JDK 25 on PATH) with the
 * classpath {@link JfrReadBenchmark} names:
 * <pre>
 * java -cp kernel-ext/target/classes:kernel-ext/target/test-classes:$(cat kernel-ext/target/cp.txt) org.threadlab.record.LaneOrderBenchmark [calls] [threads]
 * </pre>
 */
public final class LaneOrderBenchmark {
    private LaneOrderBenchmark() {
    }

    public static void main(String[] args) {
        int calls = args.length > 0 ? Integer.parseInt(args[0]) : 6;
        int n = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
        for (boolean virtual : new boolean[] {false, true}) {
            List<ThreadStart> starts = new ArrayList<>();
            Random r = new Random(1);
            for (int i = 0; i < n; i++) { // start times shuffled within 0.9 ms, as JFR sees a loop's threads
                long at = 1_000_000L + r.nextInt(900_000);
                starts.add(virtual ? new ThreadStart(100 + i, "", "", -1, null, at, true)
                        : new ThreadStart(100 + i, "worker-" + r.nextInt(100_000), "main", 1, "main", at, false));
            }
            StringBuilder ms = new StringBuilder();
            for (int c = 0; c < calls; c++) {
                long t = System.nanoTime();
                int lanes = ThreadSelection.lanes(starts, 1, null).size();
                ms.append(String.format(Locale.ROOT, " %.1f", (System.nanoTime() - t) / 1e6));
                if (lanes != n) {
                    throw new AssertionError(lanes + " lanes of " + n);
                }
            }
            System.out.printf(Locale.ROOT, "%,d %s: ms per lanes() call:%s%n", n,
                    virtual ? "unnamed virtual threads" : "named platform threads (worker-N)", ms);
        }
    }
}
