package org.threadlab.record;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Turns one JFR recording file plus the CPU samples into a {@link Recording}, one job per step:
 * read the events ({@link JfrEventReader}), pick the threads ({@link ThreadSelection}), lay out
 * and fill their lanes ({@link LaneLayout}, {@link LaneFiller}), and measure the busy cores
 * ({@link CoreUtilization}).
 *
 * <p>Not thread-safe: one instance per recording, used by one thread.
 */
final class RecordingAssembler {
    private final Thread caller;
    private final boolean includeCaller;
    private final ThreadWindow window;
    private final Set<Long> carriersBefore;
    private final long t0;
    private final long endNanos;
    private final CpuSamples samples;
    private final VirtualStates virtualStates;

    /**
     * @param carriersBefore carrier threads alive when recording began
     * @param t0             the body's start, in {@link System#nanoTime()}
     * @param endNanos       the recording's end, likewise
     * @param virtualStates  the sampled states of virtual threads (see {@link VirtualStateSampler})
     */
    RecordingAssembler(Thread caller, boolean includeCaller, ThreadWindow window, Set<Long> carriersBefore, long t0,
            long endNanos, CpuSamples samples, VirtualStates virtualStates) {
        this.virtualStates = virtualStates;
        this.caller = caller;
        this.includeCaller = includeCaller;
        this.window = window;
        this.carriersBefore = carriersBefore;
        this.t0 = t0;
        this.endNanos = endNanos;
        this.samples = samples;
    }

    /**
     * Whose virtual threads these are, by name: the thread the body ran on. That is the caller,
     * unless the caller handed the body to one thread of its own (a kernel runs a cell on a
     * thread per cell): then that thread.
     */
    private String owner(List<ThreadStart> lanes, ThreadStart callerLane) {
        if (callerLane == null) {
            List<ThreadStart> children = lanes.stream().filter(s -> !s.virtual() && s.parentId() == caller.threadId()).toList();
            if (children.size() == 1) {
                return children.get(0).name();
            }
        }
        return caller.getName();
    }

    Recording build(Path jfrFile, String title, Instant start, Throwable failure, boolean timedOut)
            throws IOException {
        ThreadEvents events = JfrEventReader.read(jfrFile, window);
        PhaseLog.mark("parse");
        if (!events.hasMark()) {
            throw new IllegalStateException("JFR recording lacks the start mark");
        }
        TimeBase clock = new TimeBase(events.markEpochNs(), t0);
        double wallMs = clock.nanoMs(endNanos);

        ThreadStart callerLane = includeCaller ? new ThreadStart(caller.threadId(), caller.getName(), "", -1, null,
                events.markEpochNs(), caller.isVirtual()) : null;
        List<ThreadStart> lanes = ThreadSelection.lanes(events.starts(), caller.threadId(), callerLane);
        LaneLayout layout = new LaneLayout(events, samples, clock, caller.threadId(), wallMs, virtualStates);
        List<ThreadRecord> threads = layout.threads(lanes, owner(lanes, callerLane));
        List<Interval> intervals = layout.intervals(threads);

        boolean anyVirtual = lanes.stream().anyMatch(ThreadStart::virtual);
        List<Long> carriers = anyVirtual ? ThreadSelection.carriers(carriersBefore, events.starts()) : List.of();
        Set<Long> existedBefore = new HashSet<>(carriersBefore);
        existedBefore.add(caller.threadId());
        Utilization utilization = CoreUtilization.of(threads, carriers, existedBefore, samples, clock,
                Runtime.getRuntime().availableProcessors());
        double carrierCpuMs = anyVirtual ? CoreUtilization.carrierCpuMs(carriers, carriersBefore, samples) : 0;
        return new Recording(title, start, wallMs, threads, intervals, utilization, carrierCpuMs, failure, timedOut,
                sightings(threads, clock), virtualNote(virtualStates, clock));
    }

    /** What the summaries say of how virtual threads' states were observed ({@link Recording#virtualNote()}). */
    static String virtualNote(VirtualStates v, TimeBase clock) {
        if (!v.sampled()) {
            return SummaryText.VIRTUAL_NOTE_UNSAMPLED;
        }
        return v.stoppedBy() == null ? SummaryText.VIRTUAL_NOTE
                : SummaryText.virtualNoteStopped(clock.nanoMs(v.stoppedNanos()), v.stoppedBy());
    }

    /** The polls each platform lane appears in: the sampler lists a thread only while the JVM calls it live. */
    private Sightings sightings(List<ThreadRecord> threads, TimeBase clock) {
        double[] pollMs = new double[samples.polls()];
        for (int p = 0; p < pollMs.length; p++) {
            pollMs[p] = clock.nanoMs(samples.pollNanos(p));
        }
        List<int[]> polls = new ArrayList<>(threads.size());
        for (ThreadRecord t : threads) {
            CpuSamples.Series s = t.virtual() ? null : samples.series(t.id());
            polls.add(s == null ? new int[0] : Arrays.copyOf(s.poll, s.n));
        }
        return new Sightings(pollMs, polls);
    }
}
