package org.threadlab.record;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Lays out one thread's lane: JFR's exact intervals first; the gaps between them from its CPU
 * samples, running while its CPU time advances and, where it does not, the sampled Java state
 * (blocked, waiting, or sleeping by the top frame at the end; runnable otherwise). A virtual
 * thread has no CPU samples: its gaps take the state its {@link VirtualStates} runs saw, from the
 * first to the last sample of each run (waiting or blocked; a {@code RUNNABLE} virtual thread may
 * be mounted and running or waiting for a carrier, so that stays unknown), and are unknown
 * elsewhere, never guessed. The lane tiles the thread's life, neighbouring intervals of one state
 * merged.
 *
 * <pre>{@code
 * new LaneFiller(thread, samples.series(thread.id()), false, samples, clock).layOut(events, laneEvents, out);
 * }</pre>
 *
 * <p>Not thread-safe: one instance per lane, used once.
 */
final class LaneFiller {
    private final ThreadRecord t;
    private final CpuSamples.Series series;
    private final boolean existedBefore;
    private final CpuSamples samples;
    private final TimeBase clock;
    private final VirtualStates virtualStates;
    private final List<double[]> gaps = new ArrayList<>();
    private ThreadState endState; // the call the thread was in when the recording ended, if known

    /**
     * @param series        the thread's CPU samples, or {@code null} where there are none (virtual threads)
     * @param existedBefore whether the thread was alive before recording (the caller): its first sample
     *                      is then the baseline, not CPU used while recording
     */
    LaneFiller(ThreadRecord t, CpuSamples.Series series, boolean existedBefore, CpuSamples samples, TimeBase clock) {
        this(t, series, existedBefore, samples, clock, VirtualStates.none());
    }

    /** @param virtualStates the sampled states of virtual threads, used if {@code t} is one */
    LaneFiller(ThreadRecord t, CpuSamples.Series series, boolean existedBefore, CpuSamples samples, TimeBase clock,
            VirtualStates virtualStates) {
        this.virtualStates = virtualStates;
        this.t = t;
        this.series = series;
        this.existedBefore = existedBefore;
        this.samples = samples;
        this.clock = clock;
    }

    /**
     * Adds the lane's intervals to {@code out}.
     *
     * @param laneEvents indices of the thread's state events in {@code events}, ordered by start
     */
    void layOut(ThreadEvents events, Integer[] laneEvents, List<Interval> out) {
        List<Interval> evented = new ArrayList<>();
        double cursor = t.startMs();
        for (int e : laneEvents) {
            double s = Math.max(clock.jfrMs(events.stateStartNs(e)), cursor);
            double end = Math.min(clock.jfrMs(events.stateEndNs(e)), t.endMs());
            if (end <= s) {
                continue; // nested in or hidden by an earlier event, or outside the thread's life
            }
            if (s > cursor) {
                gaps.add(new double[] {cursor, s});
            }
            evented.add(new Interval(t.index(), events.state(e), s, end));
            cursor = end;
        }
        if (cursor < t.endMs()) {
            gaps.add(new double[] {cursor, t.endMs()});
        }
        List<Interval> filled = new ArrayList<>(evented);
        fillGaps(filled);
        filled.sort(Comparator.comparingDouble(Interval::startMs));
        merge(filled, out);
    }

    private double pollMs(int poll) {
        return clock.nanoMs(samples.pollNanos(poll));
    }

    private void fillGaps(List<Interval> into) {
        if (t.virtual()) {
            fillFromVirtualStates(into);
            return;
        }
        if (series == null || series.n == 0) {
            for (double[] g : gaps) {
                into.add(new Interval(t.index(), ThreadState.UNKNOWN, g[0], g[1]));
            }
            return;
        }
        // windows between consecutive CPU samples; a new thread had 0 CPU at its start
        int n = series.n;
        int first = existedBefore ? 1 : 0;
        int w = n - first;
        double[] wa = new double[w];
        double[] wb = new double[w];
        double[] cpuMs = new double[w];
        for (int k = first; k < n; k++) {
            int j = k - first;
            wa[j] = k == 0 ? t.startMs() : pollMs(series.poll[k - 1]);
            wb[j] = Math.max(wa[j], pollMs(series.poll[k]));
            cpuMs[j] = (series.cpu[k] - (k == 0 ? 0 : series.cpu[k - 1])) / 1e6;
        }
        ThreadState[] rest = restStates(first, w);
        double[] gapIn = new double[w];
        for (double[] g : gaps) {
            for (int j = firstWindow(wb, g[0]); j < w && wa[j] < g[1]; j++) {
                gapIn[j] += Math.max(0, Math.min(g[1], wb[j]) - Math.max(g[0], wa[j]));
            }
        }
        for (double[] g : gaps) {
            double cursor = g[0];
            for (int j = firstWindow(wb, g[0]); j < w && wa[j] < g[1]; j++) {
                double a = Math.max(g[0], wa[j]);
                double b = Math.min(g[1], wb[j]);
                if (b <= a) {
                    continue;
                }
                if (a > cursor) {
                    into.add(new Interval(t.index(), ThreadState.UNKNOWN, cursor, a));
                }
                // CPU accrued in the window belongs to its non-evented time, spread evenly over it
                double share = gapIn[j] > 0 ? Math.min(1, cpuMs[j] / gapIn[j]) : 0;
                double mid = a + share * (b - a);
                if (mid > a) {
                    into.add(new Interval(t.index(), ThreadState.RUNNING, a, mid));
                }
                if (b > mid) {
                    into.add(new Interval(t.index(), rest[j], mid, b));
                }
                cursor = b;
            }
            if (cursor < g[1]) {
                // after the last poll: the thread ended between polls (CPU not measured), or the
                // deadline stopped the recording just after it, inside the call the thread was in
                ThreadState end = t.ended() || g[1] < t.endMs() ? null : endState;
                into.add(new Interval(t.index(), end == null ? ThreadState.UNKNOWN : end, cursor, g[1]));
            }
        }
    }

    /** Each gap: the waiting or blocked runs sampled inside it, from first to last sample; unknown elsewhere. */
    private void fillFromVirtualStates(List<Interval> into) {
        List<VirtualStates.Run> runs = virtualStates.runs(t.id());
        int from = 0; // gaps and runs are both in time order
        for (double[] g : gaps) {
            double cursor = g[0];
            for (int k = from; k < runs.size(); k++) {
                VirtualStates.Run r = runs.get(k);
                double a = Math.max(g[0], sampleMs(r.first()));
                double b = Math.min(g[1], sampleMs(r.last()));
                if (sampleMs(r.first()) >= g[1]) {
                    break; // this run and the later ones begin after the gap
                }
                if (sampleMs(r.last()) <= g[1]) {
                    from = k + 1; // ends inside this gap: no later gap needs it
                }
                ThreadState s = drawn(r.state());
                if (s == null || b <= a) {
                    continue;
                }
                if (a > cursor) {
                    into.add(new Interval(t.index(), ThreadState.UNKNOWN, cursor, a));
                }
                into.add(new Interval(t.index(), s, a, b));
                cursor = b;
            }
            if (cursor < g[1]) {
                into.add(new Interval(t.index(), ThreadState.UNKNOWN, cursor, g[1]));
            }
        }
    }

    private double sampleMs(int sample) {
        return clock.nanoMs(virtualStates.sampleNanos(sample));
    }

    /**
     * A virtual thread's sampled state as drawn: parked (queue, lock, latch, future) or in
     * {@code Object.wait} is waiting, like a platform thread's park; waiting for a monitor is
     * blocked; {@code RUNNABLE} is not drawn, since it does not say whether the thread is on a carrier.
     */
    private static ThreadState drawn(Thread.State s) {
        return switch (s) {
            case WAITING, TIMED_WAITING -> ThreadState.WAITING;
            case BLOCKED -> ThreadState.BLOCKED;
            default -> null;
        };
    }

    /**
     * What the thread did in each window when not on a core and not covered by a JFR event.
     * Entering a sleep, park, wait or monitor takes CPU, so in a window where CPU did not
     * advance the thread cannot have entered one: if it is in one at the window's end, it was
     * all along. In a window where CPU did advance, the state is sampled only at the last poll;
     * elsewhere, if the next window is flat and blocked, the thread blocked after it ran here.
     * A thread blocked at the end is in one call since its last CPU, which its top frame names.
     */
    private ThreadState[] restStates(int first, int w) {
        ThreadState[] rest = new ThreadState[w];
        for (int j = w - 1; j >= 0; j--) {
            int k = j + first;
            ThreadState sampled = coarse(series.stateAt(k));
            if (sampled != null) {
                rest[j] = sampled;
            } else if (!series.flat(k) && j + 1 < w && series.flat(k + 1)) {
                rest[j] = rest[j + 1];
            } else {
                rest[j] = ThreadState.RUNNABLE;
            }
        }
        ThreadState end = series.poll[series.n - 1] == samples.polls() - 1 ? samples.finalBlocking(t.id()) : null;
        endState = end;
        if (end != null) {
            ThreadState endCoarse = end == ThreadState.SLEEPING ? ThreadState.WAITING : end;
            for (int j = w - 1; j >= 0 && rest[j] == endCoarse; j--) {
                rest[j] = end;
                if (!series.flat(j + first)) {
                    break; // the call began in this window
                }
            }
        }
        return rest;
    }

    /** Blocked or waiting from a sampled Java state; runnable (not on a core, or in native I/O) otherwise. */
    private static ThreadState coarse(Thread.State s) {
        if (s == null) {
            return null;
        }
        return switch (s) {
            case BLOCKED -> ThreadState.BLOCKED;
            case WAITING, TIMED_WAITING -> ThreadState.WAITING;
            default -> ThreadState.RUNNABLE;
        };
    }

    private static int firstWindow(double[] wb, double at) {
        int i = Arrays.binarySearch(wb, at);
        i = i < 0 ? -i - 1 : i;
        while (i > 0 && wb[i - 1] > at) {
            i--;
        }
        return i;
    }

    private void merge(List<Interval> sorted, List<Interval> out) {
        Interval run = null;
        for (Interval iv : sorted) {
            if (run != null && run.state() == iv.state() && iv.startMs() - run.endMs() < 1e-6) {
                run = new Interval(t.index(), run.state(), run.startMs(), Math.max(run.endMs(), iv.endMs()));
            } else {
                if (run != null) {
                    out.add(run);
                }
                run = iv;
            }
        }
        if (run != null) {
            out.add(run);
        }
    }
}
