package org.threadlab.patterns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SplitSumTest {
    @Test
    void everySplitGivesTheClosedFormSum() throws Exception {
        long n = 1_000_003;
        for (int threads : new int[] {1, 2, 3, 4, 7, 16}) {
            assertEquals(n * (n - 1) / 2, SplitSum.sum(0, n, threads), "threads=" + threads);
        }
        assertEquals(5 + 6 + 7, SplitSum.sum(5, 8, 8));   // more threads than numbers
        assertEquals(0, SplitSum.sum(3, 3, 2));
    }

    @Test
    void badArgumentsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> SplitSum.sum(0, 10, 0));
        assertThrows(IllegalArgumentException.class, () -> SplitSum.sum(10, 0, 1));
    }

    @Test
    void timeGrowsWithTheRangeSoTheJitDidNotFoldTheLoop() throws Exception {
        for (int i = 0; i < 5; i++) {
            SplitSum.sumRange(0, 20_000_000);   // let C2 compile it first
        }
        double small = bestOf(10_000_000);
        double large = bestOf(160_000_000);
        // 16x the work: a folded loop would take the same time; a 3x threshold leaves room for a loaded machine
        assertTrue(large > 3 * small, "10M: " + small + " ms, 160M: " + large + " ms");
    }

    private static double bestOf(long n) {
        double best = Double.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            long t0 = System.nanoTime();
            long s = SplitSum.sumRange(0, n);
            best = Math.min(best, (System.nanoTime() - t0) / 1e6);
            assertEquals(n * (n - 1) / 2, s);
        }
        return best;
    }
}
