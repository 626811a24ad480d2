package org.threadlab.record;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.threadlab.record.Lanes.CLOCK;
import static org.threadlab.record.Lanes.polls;
import static org.threadlab.record.Lanes.sample;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Busy cores per poll window from synthetic CPU samples. */
class CoreUtilizationTest {

    private static ThreadRecord thread(int index, long id, boolean virtual) {
        return new ThreadRecord(index, id, "t" + id, "t" + id, virtual, -1, null, 0, 20, true, virtual ? -1 : 0);
    }

    private static double[] busy(Utilization u) {
        double[] b = new double[u.size()];
        for (int i = 0; i < b.length; i++) {
            b[i] = u.busyCores(i);
        }
        return b;
    }

    @Test
    void eachWindowIsTheCpuItsThreadsUsedOverItsLength() {
        CpuSamples s = polls(0, 10, 20);
        sample(s, 10, 0, 0, null);
        sample(s, 10, 1, 10, null);
        sample(s, 10, 2, 20, null); // one core throughout
        sample(s, 11, 1, 5, null);  // started after the first poll with 5 ms already used
        sample(s, 11, 2, 5, null);
        Utilization u = CoreUtilization.of(List.of(thread(0, 10, false), thread(1, 11, false)), List.of(), Set.of(),
                s, CLOCK, 4);
        assertEquals(2, u.size());
        assertEquals(0, u.startMs(0));
        assertEquals(10, u.endMs(0));
        assertEquals(10, u.startMs(1));
        assertEquals(20, u.endMs(1));
        assertArrayEquals(new double[] {1.5, 1.0}, busy(u), 1e-9);
        assertEquals(4, u.cores());
    }

    @Test
    void theJvmsOwnCpuIsTheProcessCpuTheCellsThreadsDidNotUse() {
        CpuSamples s = new CpuSamples();
        s.addPoll(0, 1_000_000_000L);                 // the process had used 1 s before the recording
        s.addPoll(10_000_000, 1_000_000_000L + 15_000_000);  // then 15 ms in a 10 ms window
        s.addPoll(20_000_000, 1_000_000_000L + 20_000_000);  // then 5 ms
        sample(s, 10, 0, 0, null);
        sample(s, 10, 1, 10, null); // the cell's thread: one core in the first window, idle in the second
        sample(s, 10, 2, 10, null);
        Utilization u = CoreUtilization.of(List.of(thread(0, 10, false)), List.of(), Set.of(), s, CLOCK, 2);
        assertArrayEquals(new double[] {1, 0}, busy(u), 1e-9);
        assertEquals(0.5, u.jvmCores(0), 1e-9);
        assertEquals(0.5, u.jvmCores(1), 1e-9);
    }

    @Test
    void theProcessCpuClocksTenMillisecondStepsAreSpreadOverTheirSpanNotDrawnAsFullCores() {
        // the JVM uses half a core throughout; the process CPU clock moves in 10 ms steps (as on
        // Linux), so in 5 ms windows it reads 10 ms in one window of four and 0 in the others
        CpuSamples s = new CpuSamples();
        for (int k = 0; k <= 40; k++) {
            s.addPoll(k * 5_000_000L, (k / 4) * 10_000_000L);
        }
        Utilization u = CoreUtilization.of(List.of(), List.of(), Set.of(), s, CLOCK, 2);
        for (int i = 0; i < u.size(); i++) {
            assertEquals(0.5, u.jvmCores(i), 0.2, "window " + i + " of " + u.size());
        }
    }

    @Test
    void theJvmsShareNeverTakesMoreThanTheCoresTheCellLeft() {
        CpuSamples s = new CpuSamples();
        s.addPoll(0, 0);
        s.addPoll(10_000_000, 40_000_000); // 4 cores' worth in 10 ms on 2 cores: the reads' jitter, not CPU
        sample(s, 10, 0, 0, null);
        sample(s, 10, 1, 10, null);
        Utilization u = CoreUtilization.of(List.of(thread(0, 10, false)), List.of(), Set.of(), s, CLOCK, 2);
        assertEquals(1, u.busyCores(0), 1e-9);
        assertEquals(1, u.jvmCores(0), 1e-9);
    }

    @Test
    void withoutTheProcessCpuTheJvmsShareIsZeroNotGuessed() {
        CpuSamples s = polls(0, 10);
        sample(s, 10, 0, 0, null);
        sample(s, 10, 1, 10, null);
        assertEquals(0, CoreUtilization.of(List.of(thread(0, 10, false)), List.of(), Set.of(), s, CLOCK, 2).jvmCores(0));
    }

    @Test
    void cpuUsedBeforeTheRecordingByThreadsThatExistedIsNotCounted() {
        CpuSamples s = polls(0, 10, 20);
        sample(s, 1, 1, 1000, null); // its first sample is its CPU so far, whichever poll took it
        sample(s, 1, 2, 1005, null);
        Utilization u = CoreUtilization.of(List.of(thread(0, 1, false)), List.of(), Set.of(1L), s, CLOCK, 2);
        assertArrayEquals(new double[] {0, 0.5}, busy(u), 1e-9);
    }

    @Test
    void virtualThreadsCountThroughTheirCarriers() {
        CpuSamples s = polls(0, 10);
        sample(s, 7, 0, 100, null); // a carrier from before the recording
        sample(s, 7, 1, 108, null);
        sample(s, 40, 1, 4, null); // a carrier started while recording
        List<ThreadRecord> lanes = List.of(thread(0, 30, true));
        assertArrayEquals(new double[] {0}, busy(CoreUtilization.of(lanes, List.of(), Set.of(7L), s, CLOCK, 2)), 1e-9);
        assertArrayEquals(new double[] {1.2},
                busy(CoreUtilization.of(lanes, List.of(7L, 40L), Set.of(7L), s, CLOCK, 2)), 1e-9);
        assertEquals(12, CoreUtilization.carrierCpuMs(List.of(7L, 40L), Set.of(7L), s), 1e-9);
    }

    @Test
    void aWindowOfNoLengthIsIdleAndOnePollMakesNoWindow() {
        CpuSamples s = polls(0, 0);
        sample(s, 10, 0, 0, null);
        sample(s, 10, 1, 3, null);
        assertArrayEquals(new double[] {0}, busy(CoreUtilization.of(List.of(thread(0, 10, false)), List.of(), Set.of(),
                s, CLOCK, 2)), 1e-9);
        assertEquals(0, CoreUtilization.of(List.of(), List.of(), Set.of(), polls(0), CLOCK, 2).size());
    }
}
