package org.threadlab.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.threadlab.record.Lanes.CLOCK;
import static org.threadlab.record.Lanes.ns;
import static org.threadlab.record.Lanes.polls;
import static org.threadlab.record.Lanes.sample;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Lanes from synthetic thread starts, ends, state events and CPU samples: labels, lives, CPU, events per lane. */
class LaneLayoutTest {
    private static final long CALLER = 1;

    private static ThreadStart platform(long id, String name, double startMs) {
        return new ThreadStart(id, name, "main", CALLER, "main", ns(startMs), false);
    }

    private static ThreadStart virtual(long id, double startMs) {
        return new ThreadStart(id, "", "", -1, null, ns(startMs), true);
    }

    @Test
    void aNameIsTheLabelUnlessItIsEmptyOrShared() {
        List<ThreadRecord> t = new LaneLayout(new ThreadEvents(), polls(), CLOCK, CALLER, 100).threads(List.of(
                platform(10, "solo", 0), platform(11, "twin", 0), platform(12, "twin", 0), platform(13, "", 0),
                virtual(14, 0)));
        assertEquals(List.of("solo", "twin#11", "twin#12", "thread#13", "virtual#14"),
                t.stream().map(ThreadRecord::label).toList());
        assertEquals(List.of(0, 1, 2, 3, 4), t.stream().map(ThreadRecord::index).toList());
        assertEquals("twin", t.get(1).name());
    }

    @Test
    void aLifeIsClippedToTheRecordingAndAThreadNotSeenToEndLastsToItsEnd() {
        ThreadEvents ev = new ThreadEvents();
        ev.end(10, ns(40));
        ev.end(11, ns(500)); // after the recording's end (the settle wait)
        ev.end(CALLER, ns(50)); // the caller is never shown ending
        List<ThreadRecord> t = new LaneLayout(ev, polls(), CLOCK, CALLER, 100).threads(List.of(
                platform(10, "early", -5), platform(11, "late", 20), platform(12, "alive", 30),
                new ThreadStart(CALLER, "main", "", -1, null, 0, false)));
        assertEquals(0, t.get(0).startMs());
        assertEquals(40, t.get(0).endMs());
        assertTrue(t.get(0).ended());
        assertEquals(100, t.get(1).endMs());
        assertTrue(t.get(1).ended());
        assertEquals(100, t.get(2).endMs());
        assertFalse(t.get(2).ended());
        assertEquals(100, t.get(3).endMs());
        assertFalse(t.get(3).ended());
    }

    @Test
    void cpuIsTheLastSampleForANewThreadTheGrowthForTheCallerAndUnknownWithoutSamples() {
        CpuSamples s = polls(0, 5);
        sample(s, 10, 0, 0, null);
        sample(s, 10, 1, 3, null);
        sample(s, CALLER, 0, 1000, null);
        sample(s, CALLER, 1, 1004, null);
        List<ThreadRecord> t = new LaneLayout(new ThreadEvents(), s, CLOCK, CALLER, 5).threads(List.of(
                platform(10, "new", 0), new ThreadStart(CALLER, "main", "", -1, null, 0, false),
                platform(11, "never polled", 1), virtual(12, 1)));
        assertEquals(List.of(ns(3), ns(4), -1L, -1L), t.stream().map(ThreadRecord::cpuNanos).toList());
    }

    @Test
    void stateEventsGoToTheirLaneInStartOrderAndOthersThreadsEventsAreDropped() {
        ThreadEvents ev = new ThreadEvents();
        ev.state(11, ns(6), ns(8), ThreadState.BLOCKED); // out of order
        ev.state(99, ns(1), ns(9), ThreadState.SLEEPING); // not a lane
        ev.state(10, ns(2), ns(4), ThreadState.IO);
        ev.state(11, ns(1), ns(3), ThreadState.SLEEPING);
        LaneLayout layout = new LaneLayout(ev, polls(), CLOCK, CALLER, 10);
        List<ThreadRecord> threads = layout.threads(List.of(virtual(10, 0), virtual(11, 0)));
        List<Interval> got = layout.intervals(threads);
        assertEquals(List.of(
                new Interval(0, ThreadState.UNKNOWN, 0, 2), new Interval(0, ThreadState.IO, 2, 4),
                new Interval(0, ThreadState.UNKNOWN, 4, 10),
                new Interval(1, ThreadState.UNKNOWN, 0, 1), new Interval(1, ThreadState.SLEEPING, 1, 3),
                new Interval(1, ThreadState.UNKNOWN, 3, 6), new Interval(1, ThreadState.BLOCKED, 6, 8),
                new Interval(1, ThreadState.UNKNOWN, 8, 10)), got);
    }
}
