package org.threadlab.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.threadlab.record.Lanes.assertLane;
import static org.threadlab.record.Lanes.ns;
import static org.threadlab.record.Lanes.span;
import static org.threadlab.record.Lanes.virtualLane;
import static org.threadlab.record.ThreadState.BLOCKED;
import static org.threadlab.record.ThreadState.SLEEPING;
import static org.threadlab.record.ThreadState.UNKNOWN;
import static org.threadlab.record.ThreadState.WAITING;

import java.util.List;
import org.junit.jupiter.api.Test;

/** A virtual thread's lane from synthetic sampled states and JFR events: what a sample may and may not claim. */
class VirtualLaneTest {
    private static final long ID = 42;
    private static final long MAX_GAP = ns(50);

    private static ThreadRecord virtual(double startMs, double endMs) {
        return new ThreadRecord(0, ID, "", "virtual#42", true, -1, null, startMs, endMs, true, -1);
    }

    /** Samples at the given ms, seeing thread {@link #ID} in {@code states[i]} at the i-th ({@code null}: not seen). */
    private static VirtualStates sampled(double[] ms, Thread.State... states) {
        VirtualStates v = new VirtualStates(MAX_GAP);
        for (int i = 0; i < ms.length; i++) {
            int s = v.addSample(ns(ms[i]));
            if (states[i] != null) {
                v.saw(ID, s, states[i]);
            }
        }
        return v;
    }

    private static double[] at(double... ms) {
        return ms;
    }

    @Test
    void aStateSeenAtSamplesInARowIsDrawnFromTheFirstToTheLastAndUnknownAroundThem() {
        VirtualStates v = sampled(at(0, 5, 10, 15, 20), null, Thread.State.WAITING, Thread.State.WAITING,
                Thread.State.WAITING, null);
        assertLane(virtualLane(virtual(1, 18), new ThreadEvents(), v),
                span(UNKNOWN, 1, 5), span(WAITING, 5, 15), span(UNKNOWN, 15, 18));
    }

    @Test
    void timedWaitingIsWaitingAndBlockedIsBlocked() {
        VirtualStates v = sampled(at(0, 5, 10, 15), Thread.State.TIMED_WAITING, Thread.State.WAITING,
                Thread.State.BLOCKED, Thread.State.BLOCKED);
        // TIMED_WAITING then WAITING are two runs of one drawn state: the stretch between them is not claimed
        assertLane(virtualLane(virtual(0, 15), new ThreadEvents(), v),
                span(UNKNOWN, 0, 10), span(BLOCKED, 10, 15));
    }

    @Test
    void whereTheStateChangedBetweenTwoSamplesTheStretchBetweenIsUnknown() {
        VirtualStates v = sampled(at(0, 5, 10, 15, 20), Thread.State.WAITING, Thread.State.WAITING,
                Thread.State.RUNNABLE, Thread.State.WAITING, Thread.State.WAITING);
        assertLane(virtualLane(virtual(0, 20), new ThreadEvents(), v),
                span(WAITING, 0, 5), span(UNKNOWN, 5, 15), span(WAITING, 15, 20));
    }

    @Test
    void runnableIsNotDrawnSinceItDoesNotSayWhetherTheThreadIsOnACarrier() {
        VirtualStates v = sampled(at(0, 5, 10), Thread.State.RUNNABLE, Thread.State.RUNNABLE, Thread.State.RUNNABLE);
        assertLane(virtualLane(virtual(0, 10), new ThreadEvents(), v), span(UNKNOWN, 0, 10));
    }

    @Test
    void oneSampleAloneClaimsNothing() {
        VirtualStates v = sampled(at(0, 5, 10), null, Thread.State.WAITING, null);
        assertLane(virtualLane(virtual(0, 10), new ThreadEvents(), v), span(UNKNOWN, 0, 10));
    }

    @Test
    void samplesTooFarApartDoNotContinueARun() {
        // the sampler was late: 60 ms between two samples, longer than the 50 ms a run may bridge
        VirtualStates v = sampled(at(0, 5, 65, 70), Thread.State.WAITING, Thread.State.WAITING,
                Thread.State.WAITING, Thread.State.WAITING);
        assertLane(virtualLane(virtual(0, 70), new ThreadEvents(), v),
                span(WAITING, 0, 5), span(UNKNOWN, 5, 65), span(WAITING, 65, 70));
    }

    @Test
    void timeInAGcPauseDoesNotCountTowardsTheGapSinceNoThreadCanWakeThen() {
        VirtualStates v = new VirtualStates(MAX_GAP);
        v.saw(ID, v.addSample(ns(0), ns(0)), Thread.State.WAITING);
        v.saw(ID, v.addSample(ns(5), ns(0)), Thread.State.WAITING);
        v.saw(ID, v.addSample(ns(125), ns(100)), Thread.State.WAITING); // 120 ms apart, 100 of them a GC pause
        v.saw(ID, v.addSample(ns(190), ns(110)), Thread.State.WAITING); // 65 ms apart, only 10 in a pause
        assertLane(virtualLane(virtual(0, 190), new ThreadEvents(), v),
                span(WAITING, 0, 125), span(UNKNOWN, 125, 190));
    }

    @Test
    void aJfrEventWinsOverTheSamplesAndARunFillsTheGapsOnBothSidesOfIt() {
        VirtualStates v = sampled(at(0, 5, 10, 15, 20, 25, 30), null, Thread.State.WAITING, Thread.State.WAITING,
                Thread.State.WAITING, Thread.State.WAITING, Thread.State.WAITING, null);
        ThreadEvents ev = new ThreadEvents();
        ev.state(ID, ns(12), ns(14), SLEEPING);
        assertLane(virtualLane(virtual(0, 30), ev, v),
                span(UNKNOWN, 0, 5), span(WAITING, 5, 12), span(SLEEPING, 12, 14), span(WAITING, 14, 25),
                span(UNKNOWN, 25, 30));
    }

    @Test
    void aRunIsClippedToTheThreadsLife() {
        // the final sample is taken when the recording stops, after this thread's end
        VirtualStates v = sampled(at(0, 5, 10), Thread.State.WAITING, Thread.State.WAITING, Thread.State.WAITING);
        assertLane(virtualLane(virtual(2, 8), new ThreadEvents(), v), span(WAITING, 2, 8));
    }

    @Test
    void aThreadSeenTwiceInOneSampleKeepsOneRun() {
        VirtualStates v = new VirtualStates(MAX_GAP);
        int s0 = v.addSample(ns(0));
        v.saw(ID, s0, Thread.State.WAITING);
        v.saw(ID, s0, Thread.State.RUNNABLE); // moved between containers while the sample walked them
        int s1 = v.addSample(ns(5));
        v.saw(ID, s1, Thread.State.WAITING);
        assertEquals(List.of(new VirtualStates.Run(Thread.State.WAITING, 0, 1)), v.runs(ID));
    }

    @Test
    void withoutSamplesAVirtualThreadIsUnknownOutsideItsEvents() {
        ThreadEvents ev = new ThreadEvents();
        ev.state(ID, ns(2), ns(6), SLEEPING);
        assertLane(virtualLane(virtual(0, 10), ev, VirtualStates.none()),
                span(UNKNOWN, 0, 2), span(SLEEPING, 2, 6), span(UNKNOWN, 6, 10));
    }
}
