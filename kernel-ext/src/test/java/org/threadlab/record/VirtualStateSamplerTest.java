package org.threadlab.record;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** How long the virtual-thread sampler waits between samples, so that runs of samples do not break. */
class VirtualStateSamplerTest {
    private static final long MS = 1_000_000;

    @Test
    void aCheapSampleWaitsItsInterval() {
        assertEquals(10 * MS, VirtualStateSampler.parkNanos(10 * MS, 1 * MS, 2 * MS, true));
        assertEquals(25 * MS, VirtualStateSampler.parkNanos(25 * MS, 3 * MS, 5 * MS, true));
    }

    @Test
    void aCostlySampleAndWalkLeaveTheNextSampleWithinTheGapARunMayBridge() {
        // 40,000 threads: 6 ms of the last sample still to come, a 20 ms walk for new threads due first
        long park = VirtualStateSampler.parkNanos(25 * MS, 6 * MS, 20 * MS, true);
        assertEquals(VirtualStateSampler.MAX_GAP_NANOS - VirtualStateSampler.GAP_MARGIN_NANOS - 26 * MS, park);
        assertEquals(19 * MS, park);
    }

    @Test
    void aWalkThatIsNotDueCostsNothing() {
        assertEquals(25 * MS, VirtualStateSampler.parkNanos(25 * MS, 6 * MS, 20 * MS, false));
    }

    @Test
    void neverShorterThanTheFastestIntervalNorLongerThanTheOneAskedFor() {
        assertEquals(VirtualStateSampler.FASTEST_NANOS, VirtualStateSampler.parkNanos(25 * MS, 40 * MS, 30 * MS, true));
        assertEquals(MS / 2, VirtualStateSampler.parkNanos(MS / 2, 40 * MS, 30 * MS, true), "a base interval below the fastest stays");
    }
}
