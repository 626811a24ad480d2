package org.threadlab.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class AmdahlFitTest {
    private static double[] amdahl(int[] n, double t1, double f, int cores) {
        double[] t = new double[n.length];
        for (int i = 0; i < n.length; i++) {
            t[i] = t1 * (f + (1 - f) / Math.min(n[i], cores));
        }
        return t;
    }

    @Test
    void recoversSerialFractionFromExactData() {
        int[] n = {1, 2, 4, 8, 16};
        AmdahlFit fit = AmdahlFit.fit(n, amdahl(n, 1000, 0.1, 64), 64);
        assertEquals(0.1, fit.serialFraction(), 1e-9);
        assertEquals(1000, fit.t1(), 1e-6);
        assertEquals(1, fit.rSquared(), 1e-9);
        assertEquals(10, fit.limit(), 1e-6);
    }

    @Test
    void recoversSerialFractionWithinOneHundredthFromNoisyData() {
        int[] n = {1, 2, 3, 4, 6, 8, 12, 16};
        double[] t = amdahl(n, 500, 0.1, 64);
        Random rnd = new Random(42);   // fixed seed: deterministic ±2 % noise
        for (int i = 0; i < t.length; i++) {
            t[i] *= 1 + 0.02 * (2 * rnd.nextDouble() - 1);
        }
        AmdahlFit fit = AmdahlFit.fit(n, t, 64);
        assertEquals(0.1, fit.serialFraction(), 0.01);
        assertTrue(fit.rSquared() > 0.99, "R² " + fit.rSquared());
    }

    @Test
    void threadsBeyondTheCoreCountAreNotHeldAgainstTheSerialFraction() {
        int[] n = {1, 2, 4, 8, 16};
        // 4 cores: 8 and 16 threads take as long as 4
        AmdahlFit fit = AmdahlFit.fit(n, amdahl(n, 100, 0.05, 4), 4);
        assertEquals(0.05, fit.serialFraction(), 1e-9);
        assertEquals(fit.speedup(4), fit.speedup(16), 1e-12);
    }

    @Test
    void superLinearDataIsPinnedToZeroSerialFraction() {
        AmdahlFit fit = AmdahlFit.fit(new int[] {1, 2, 4}, new double[] {100, 45, 20}, 8);
        assertEquals(0, fit.serialFraction());
    }

    @Test
    void slowerWithMoreThreadsIsPinnedToFullySerial() {
        AmdahlFit fit = AmdahlFit.fit(new int[] {1, 2, 4}, new double[] {100, 110, 130}, 8);
        assertEquals(1, fit.serialFraction());
    }

    @Test
    void oneDistinctEffectiveThreadCountCannotBeFitted() {
        assertNull(AmdahlFit.fit(new int[] {2, 4}, new double[] {50, 50}, 2));
        assertNull(AmdahlFit.fit(new int[] {1}, new double[] {50}, 2));
    }

    @Test
    void twoThreadCountsAreNotFittedBecauseAnyTwoPointsFitExactly() {
        // 1 and 2 threads at 456 and 234 ms would "fit" f = 0.028, limit 36x: pure noise
        assertNull(AmdahlFit.fit(new int[] {1, 2}, new double[] {456, 234}, 2));
        // four counts, but on 2 cores they are only two effective ones
        assertNull(AmdahlFit.fit(new int[] {1, 2, 4, 8}, new double[] {456, 234, 236, 240}, 2));
        assertEquals(3, AmdahlFit.fit(new int[] {1, 2, 4}, new double[] {100, 55, 32.5}, 4).points());
    }

    @Test
    void whyNotNamesTheCountsTheCoresAndTheReason() {
        assertEquals("needs three or more thread counts up to the core count, and threads 1, 2 on 2 cores give two:"
                + " two points fit any serial fraction exactly, so its limit would be noise",
                AmdahlFit.whyNot(new int[] {1, 2}, 2));
        assertEquals("needs three or more thread counts up to the core count, and threads 1, 2, 4, 8 on 2 cores give two"
                + " (1, 2): two points fit any serial fraction exactly, so its limit would be noise",
                AmdahlFit.whyNot(new int[] {1, 2, 4, 8}, 2));
        assertEquals("needs three or more thread counts up to the core count, and thread 4 on 8 cores give one",
                AmdahlFit.whyNot(new int[] {4}, 8));
    }
}
