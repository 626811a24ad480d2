package org.threadlab.record;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;

/** Synthetic JFR events and CPU samples for the recorder's parts, in ms on one clock (no JFR, no threads). */
final class Lanes {
    /** JFR's clock and {@link System#nanoTime()} both start at 0, so ns are ms * 1e6 in either. */
    static final TimeBase CLOCK = new TimeBase(0, 0);

    private Lanes() {
    }

    static long ns(double ms) {
        return Math.round(ms * 1e6);
    }

    /** Polls at the given ms. */
    static CpuSamples polls(double... ms) {
        CpuSamples s = new CpuSamples();
        for (double m : ms) {
            s.addPoll(ns(m));
        }
        return s;
    }

    /** Adds a sample of thread {@code id} at poll {@code poll}: cumulative CPU and, or {@code null}, the Java state. */
    static void sample(CpuSamples s, long id, int poll, double cpuMs, Thread.State state) {
        CpuSamples.Series series = s.seriesFor(id);
        series.add(poll, ns(cpuMs));
        if (state != null) {
            series.state[series.n - 1] = (byte) state.ordinal();
        }
    }

    static ThreadRecord platform(long id, double startMs, double endMs, boolean ended) {
        return new ThreadRecord(0, id, "t" + id, "t" + id, false, 1, "main", startMs, endMs, ended, 0);
    }

    /** The lane {@link LaneFiller} lays out for {@code t} from the state events of {@code t} in {@code events}. */
    static List<Interval> lane(ThreadRecord t, ThreadEvents events, CpuSamples samples, boolean existedBefore) {
        List<Interval> out = new ArrayList<>();
        new LaneFiller(t, t.virtual() ? null : samples.series(t.id()), existedBefore, samples, CLOCK)
                .layOut(events, eventsOf(t, events), out);
        return out;
    }

    /** The lane of virtual thread {@code t} from its JFR state events and its sampled states. */
    static List<Interval> virtualLane(ThreadRecord t, ThreadEvents events, VirtualStates states) {
        List<Interval> out = new ArrayList<>();
        new LaneFiller(t, null, false, new CpuSamples(), CLOCK, states).layOut(events, eventsOf(t, events), out);
        return out;
    }

    /** The indices of {@code t}'s state events in {@code events}, by start. */
    private static Integer[] eventsOf(ThreadRecord t, ThreadEvents events) {
        List<Integer> mine = new ArrayList<>();
        for (int e = 0; e < events.states(); e++) {
            if (events.stateThread(e) == t.id()) {
                mine.add(e);
            }
        }
        mine.sort((a, b) -> Long.compare(events.stateStartNs(a), events.stateStartNs(b)));
        return mine.toArray(Integer[]::new);
    }

    /** One expected interval: state, start ms, end ms. */
    record Span(ThreadState state, double startMs, double endMs) {
    }

    static Span span(ThreadState state, double startMs, double endMs) {
        return new Span(state, startMs, endMs);
    }

    static void assertLane(List<Interval> got, Span... want) {
        String why = "lane " + got;
        assertEquals(want.length, got.size(), why);
        for (int i = 0; i < want.length; i++) {
            assertEquals(want[i].state(), got.get(i).state(), why);
            assertEquals(want[i].startMs(), got.get(i).startMs(), 1e-9, why);
            assertEquals(want[i].endMs(), got.get(i).endMs(), 1e-9, why);
        }
    }
}
