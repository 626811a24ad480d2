package org.threadlab.patterns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

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
}
