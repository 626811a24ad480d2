package org.threadlab.record;

import static org.threadlab.record.Lanes.assertLane;
import static org.threadlab.record.Lanes.lane;
import static org.threadlab.record.Lanes.ns;
import static org.threadlab.record.Lanes.platform;
import static org.threadlab.record.Lanes.polls;
import static org.threadlab.record.Lanes.sample;
import static org.threadlab.record.Lanes.span;
import static org.threadlab.record.ThreadState.BLOCKED;
import static org.threadlab.record.ThreadState.RUNNABLE;
import static org.threadlab.record.ThreadState.RUNNING;
import static org.threadlab.record.ThreadState.SLEEPING;
import static org.threadlab.record.ThreadState.UNKNOWN;
import static org.threadlab.record.ThreadState.WAITING;

import org.junit.jupiter.api.Test;

/** One lane from synthetic CPU samples and JFR state events: how the gaps between events are filled. */
class LaneFillerTest {
    private static final long ID = 21;

    @Test
    void cpuTimeInAWindowIsRunningFromItsStartAndTheRestRunnable() {
        CpuSamples s = polls(0, 5, 10);
        sample(s, ID, 0, 0, null);
        sample(s, ID, 1, 5, null);   // all of [0, 5]
        sample(s, ID, 2, 7.5, null); // half of [5, 10]
        assertLane(lane(platform(ID, 0, 10, true), new ThreadEvents(), s, false),
                span(RUNNING, 0, 7.5), span(RUNNABLE, 7.5, 10));
    }

    @Test
    void aJfrEventIsKeptExactlyAndTheWindowsCpuIsSpreadOverTheTimeAroundIt() {
        CpuSamples s = polls(0, 10);
        sample(s, ID, 0, 0, null);
        sample(s, ID, 1, 4, null); // 4 ms of CPU in the 6 ms outside the sleep
        ThreadEvents ev = new ThreadEvents();
        ev.state(ID, ns(2), ns(6), SLEEPING);
        double share = 4.0 / 6;
        assertLane(lane(platform(ID, 0, 10, true), ev, s, false),
                span(RUNNING, 0, 2 * share), span(RUNNABLE, 2 * share, 2), span(SLEEPING, 2, 6),
                span(RUNNING, 6, 6 + 4 * share), span(RUNNABLE, 6 + 4 * share, 10));
    }

    @Test
    void aWindowWithoutCpuTakesTheStateSampledAtItsEnd() {
        CpuSamples s = polls(0, 5, 10);
        sample(s, ID, 0, 0, null);
        sample(s, ID, 1, 0, Thread.State.WAITING);
        sample(s, ID, 2, 0, Thread.State.TIMED_WAITING);
        assertLane(lane(platform(ID, 0, 10, true), new ThreadEvents(), s, false), span(WAITING, 0, 10));
    }

    @Test
    void aThreadThatRanAndThenBlockedIsBlockedFromItsLastCpuOn() {
        CpuSamples s = polls(0, 5, 10, 15);
        sample(s, ID, 0, 0, null);
        sample(s, ID, 1, 2, null); // ran 2 ms, state not sampled where CPU advanced
        sample(s, ID, 2, 2, Thread.State.BLOCKED);
        sample(s, ID, 3, 2, Thread.State.BLOCKED);
        assertLane(lane(platform(ID, 0, 15, true), new ThreadEvents(), s, false),
                span(RUNNING, 0, 2), span(BLOCKED, 2, 15));
    }

    @Test
    void aWindowWithCpuAndNoSampledStateIsRunnableAfterItsCpu() {
        CpuSamples s = polls(0, 5, 10, 15);
        sample(s, ID, 0, 0, null);
        sample(s, ID, 1, 1, null);
        sample(s, ID, 2, 2, null);
        sample(s, ID, 3, 3, null); // ends running: no sampled state anywhere
        assertLane(lane(platform(ID, 0, 15, true), new ThreadEvents(), s, false),
                span(RUNNING, 0, 1), span(RUNNABLE, 1, 5), span(RUNNING, 5, 6), span(RUNNABLE, 6, 10),
                span(RUNNING, 10, 11), span(RUNNABLE, 11, 15));
    }

    @Test
    void aThreadAsleepWhenTheRecordingEndsIsSleepingBackToItsLastCpu() {
        CpuSamples s = polls(0, 5, 10, 15);
        sample(s, ID, 0, 0, null);
        sample(s, ID, 1, 1, null);
        sample(s, ID, 2, 1, Thread.State.TIMED_WAITING);
        sample(s, ID, 3, 1, Thread.State.TIMED_WAITING);
        s.finalBlocking(ID, SLEEPING); // its top frame at the end was Thread.sleep
        assertLane(lane(platform(ID, 0, 15, false), new ThreadEvents(), s, false),
                span(RUNNING, 0, 1), span(SLEEPING, 1, 15));
    }

    @Test
    void aSleepAtTheEndReachesBackOnlyToTheWindowWhereItsCpuLastAdvanced() {
        CpuSamples s = polls(0, 5, 10, 15);
        sample(s, ID, 0, 0, null);
        sample(s, ID, 1, 1, null);
        sample(s, ID, 2, 2, null); // ran again here, then slept
        sample(s, ID, 3, 2, Thread.State.TIMED_WAITING);
        s.finalBlocking(ID, SLEEPING);
        assertLane(lane(platform(ID, 0, 15, false), new ThreadEvents(), s, false),
                span(RUNNING, 0, 1), span(RUNNABLE, 1, 5), span(RUNNING, 5, 6), span(SLEEPING, 6, 15));
    }

    @Test
    void aWaitBeforeTheLastCpuStaysWaitingWhenTheThreadEndsAsleep() {
        CpuSamples s = polls(0, 5, 10, 15);
        sample(s, ID, 0, 0, null);
        sample(s, ID, 1, 0, Thread.State.WAITING); // parked
        sample(s, ID, 2, 1, null);                  // woke, ran, went to sleep
        sample(s, ID, 3, 1, Thread.State.TIMED_WAITING);
        s.finalBlocking(ID, SLEEPING);
        assertLane(lane(platform(ID, 0, 15, false), new ThreadEvents(), s, false),
                span(WAITING, 0, 5), span(RUNNING, 5, 6), span(SLEEPING, 6, 15));
    }

    @Test
    void theFinalCallSaysNothingOfAThreadTheLastPollDidNotSee() {
        CpuSamples s = polls(0, 5, 10, 15);
        sample(s, ID, 0, 0, null);
        sample(s, ID, 1, 1, null);
        sample(s, ID, 2, 1, Thread.State.TIMED_WAITING); // then it ended, before the poll at 15
        s.finalBlocking(ID, SLEEPING);
        assertLane(lane(platform(ID, 0, 12, true), new ThreadEvents(), s, false),
                span(RUNNING, 0, 1), span(WAITING, 1, 10), span(UNKNOWN, 10, 12));
    }

    @Test
    void aWaitingThreadWithoutAKnownFinalCallStaysWaiting() {
        CpuSamples s = polls(0, 5, 10);
        sample(s, ID, 0, 0, null);
        sample(s, ID, 1, 1, null);
        sample(s, ID, 2, 1, Thread.State.WAITING);
        assertLane(lane(platform(ID, 0, 10, false), new ThreadEvents(), s, false),
                span(RUNNING, 0, 1), span(WAITING, 1, 10));
    }

    @Test
    void theStretchAfterTheLastPollOfAThreadThatEndedIsUnknown() {
        CpuSamples s = polls(0, 5, 10);
        sample(s, ID, 0, 0, null);
        sample(s, ID, 1, 5, null); // ended at 7 ms: the poll at 10 did not see it
        assertLane(lane(platform(ID, 0, 7, true), new ThreadEvents(), s, false),
                span(RUNNING, 0, 5), span(UNKNOWN, 5, 7));
    }

    @Test
    void aStillBlockedThreadStoppedBetweenPollsIsInItsFinalCallUpToTheEnd() {
        CpuSamples s = polls(0, 5, 10);
        sample(s, ID, 0, 0, null);
        sample(s, ID, 1, 1, null);
        sample(s, ID, 2, 1, Thread.State.BLOCKED);
        s.finalBlocking(ID, BLOCKED);
        // the deadline stopped the recording at 12 ms, after the last poll
        assertLane(lane(platform(ID, 0, 12, false), new ThreadEvents(), s, false),
                span(RUNNING, 0, 1), span(BLOCKED, 1, 12));
    }

    @Test
    void withoutCpuSamplesEveryGapIsUnknown() {
        ThreadRecord virtual = new ThreadRecord(0, ID, "", "virtual#21", true, -1, null, 0, 10, true, -1);
        ThreadEvents ev = new ThreadEvents();
        ev.state(ID, ns(2), ns(6), SLEEPING);
        assertLane(lane(virtual, ev, polls(0, 5, 10), false),
                span(UNKNOWN, 0, 2), span(SLEEPING, 2, 6), span(UNKNOWN, 6, 10));
    }

    @Test
    void eventsNestedInAnEarlierOneOrOutsideTheThreadsLifeAreDroppedAndOverlapsClipped() {
        ThreadRecord virtual = new ThreadRecord(0, ID, "", "virtual#21", true, -1, null, 1, 10, true, -1);
        ThreadEvents ev = new ThreadEvents();
        ev.state(ID, ns(0), ns(3), SLEEPING);  // began before the thread's start (in the recording): clipped
        ev.state(ID, ns(2), ns(5), WAITING);   // overlaps the sleep: starts where it ended
        ev.state(ID, ns(3.5), ns(4), BLOCKED); // inside the wait: hidden
        ev.state(ID, ns(8), ns(14), BLOCKED);  // outlives the thread: clipped
        ev.state(ID, ns(11), ns(12), SLEEPING); // after its end: dropped
        assertLane(lane(virtual, ev, polls(), false),
                span(SLEEPING, 1, 3), span(WAITING, 3, 5), span(UNKNOWN, 5, 8), span(BLOCKED, 8, 10));
    }

    @Test
    void theCallersCpuBeforeTheRecordingIsNotRunningInItsLane() {
        CpuSamples s = polls(0.1, 5, 10); // the first poll comes just after the body's start
        sample(s, ID, 0, 1000, null);     // a second of CPU before the recording: the baseline
        sample(s, ID, 1, 1002, null);
        sample(s, ID, 2, 1002, Thread.State.WAITING);
        assertLane(lane(platform(ID, 0, 10, false), new ThreadEvents(), s, true),
                span(UNKNOWN, 0, 0.1), span(RUNNING, 0.1, 2.1), span(WAITING, 2.1, 10));
    }

    @Test
    void neighbouringIntervalsOfOneStateMergeAcrossWindowsAndEvents() {
        CpuSamples s = polls(0, 5, 10);
        sample(s, ID, 0, 0, null);
        sample(s, ID, 1, 0, Thread.State.WAITING);
        sample(s, ID, 2, 0, Thread.State.WAITING);
        ThreadEvents ev = new ThreadEvents();
        ev.state(ID, ns(4), ns(6), WAITING); // a park across the poll at 5 ms
        assertLane(lane(platform(ID, 0, 10, true), ev, s, false), span(WAITING, 0, 10));
    }
}
