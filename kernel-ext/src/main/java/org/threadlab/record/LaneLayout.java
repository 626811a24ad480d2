package org.threadlab.record;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Lays the selected threads out as lanes: each gets its index, a label unique in the recording,
 * its life clipped to the recording and its CPU time; then the JFR state events are sorted into
 * their lanes and each lane is filled ({@link LaneFiller}).
 *
 * <pre>{@code
 * LaneLayout layout = new LaneLayout(events, samples, clock, callerId, wallMs);
 * List<ThreadRecord> threads = layout.threads(ThreadSelection.lanes(events.starts(), callerId, null));
 * List<Interval> intervals = layout.intervals(threads);
 * }</pre>
 *
 * <p>Not thread-safe; reads its inputs, never changes them.
 */
final class LaneLayout {
    private final ThreadEvents events;
    private final CpuSamples samples;
    private final TimeBase clock;
    private final long callerId;
    private final double wallMs;
    private final VirtualStates virtualStates;

    /** @param wallMs the recording's length: lanes of threads still alive end there */
    LaneLayout(ThreadEvents events, CpuSamples samples, TimeBase clock, long callerId, double wallMs) {
        this(events, samples, clock, callerId, wallMs, VirtualStates.none());
    }

    /** The same, with the sampled states of virtual threads (see {@link VirtualStateSampler}). */
    LaneLayout(ThreadEvents events, CpuSamples samples, TimeBase clock, long callerId, double wallMs,
            VirtualStates virtualStates) {
        this.virtualStates = virtualStates;
        this.events = events;
        this.samples = samples;
        this.clock = clock;
        this.callerId = callerId;
        this.wallMs = wallMs;
    }

    /**
     * A lane per thread, in the given order. A label is the thread's name, or {@code name#id} when
     * the name is empty ({@code virtual#id}, {@code thread#id}) or shared with another lane.
     */
    List<ThreadRecord> threads(List<ThreadStart> lanes) {
        return threads(lanes, null);
    }

    /** The same, naming {@code owner} (the recorded body's thread) as the owner of virtual threads JFR gives no starter. */
    List<ThreadRecord> threads(List<ThreadStart> lanes, String owner) {
        Map<String, Integer> nameCount = new HashMap<>();
        for (ThreadStart s : lanes) {
            nameCount.merge(s.name(), 1, Integer::sum);
        }
        List<ThreadRecord> threads = new ArrayList<>(lanes.size());
        for (int i = 0; i < lanes.size(); i++) {
            ThreadStart s = lanes.get(i);
            boolean isCaller = s.id() == callerId;
            Long end = isCaller ? null : events.endEpochNs(s.id());
            double startMs = Math.max(0, clock.jfrMs(s.epochNs()));
            double endMs = end == null ? wallMs : Math.min(wallMs, Math.max(startMs, clock.jfrMs(end)));
            String label = s.name().isEmpty() || nameCount.get(s.name()) > 1
                    ? (s.name().isEmpty() ? (s.virtual() ? "virtual" : "thread") : s.name()) + "#" + s.id()
                    : s.name();
            long cpu = -1;
            CpuSamples.Series series = s.virtual() ? null : samples.series(s.id());
            if (series != null && series.n > 0) {
                // the caller's CPU before the body does not count; a new thread started at 0
                cpu = series.cpu[series.n - 1] - (isCaller ? series.cpu[0] : 0);
            }
            threads.add(new ThreadRecord(i, s.id(), s.name(), label, s.virtual(), s.parentId(), s.parentName(),
                    startMs, endMs, end != null, cpu, s.virtual() && s.parentName() == null ? owner : null));
        }
        return threads;
    }

    /** Every lane's intervals: its state events sorted into it by a counting sort, then filled. */
    List<Interval> intervals(List<ThreadRecord> threads) {
        Map<Long, Integer> indexOf = new HashMap<>(threads.size() * 2);
        for (ThreadRecord t : threads) {
            indexOf.put(t.id(), t.index());
        }
        int n = events.states();
        int[] count = new int[threads.size() + 1];
        int[] laneOf = new int[n];
        for (int e = 0; e < n; e++) {
            Integer lane = indexOf.get(events.stateThread(e));
            laneOf[e] = lane == null ? -1 : lane;
            if (lane != null) {
                count[lane + 1]++;
            }
        }
        for (int i = 0; i < threads.size(); i++) {
            count[i + 1] += count[i];
        }
        int[] order = new int[count[threads.size()]];
        int[] fill = Arrays.copyOf(count, threads.size());
        for (int e = 0; e < n; e++) {
            if (laneOf[e] >= 0) {
                order[fill[laneOf[e]]++] = e;
            }
        }
        List<Interval> intervals = new ArrayList<>(threads.size() * 3 + order.length * 2);
        for (ThreadRecord t : threads) {
            Integer[] evs = new Integer[count[t.index() + 1] - count[t.index()]];
            for (int k = 0; k < evs.length; k++) {
                evs[k] = order[count[t.index()] + k];
            }
            Arrays.sort(evs, Comparator.comparingLong(events::stateStartNs));
            new LaneFiller(t, t.virtual() ? null : samples.series(t.id()), t.id() == callerId, samples, clock,
                    virtualStates).layOut(events, evs, intervals);
        }
        return intervals;
    }
}
