package org.threadlab.record;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

/**
 * Turns one JFR recording file plus CPU polls into a {@link Recording}: selects the threads by
 * lineage, lays JFR's exact sleep/lock/wait/I-O intervals on each lane, and fills the gaps from
 * CPU time (running while it advances) and, where it does not, from the sampled Java state
 * (blocked, waiting, or sleeping by the top frame at the end; runnable otherwise; unknown where
 * nothing was measured).
 *
 * <p>Not thread-safe: one instance per recording, used by one thread.
 */
final class RecordingAssembler {
    private record Start(long id, String name, String group, long parentId, String parentName, long epochNs,
            boolean virtual) {
    }

    private final Thread caller;
    private final boolean includeCaller;
    private final long baselineId;
    private final Set<Long> ours;
    private final Set<Long> carriersBefore;
    private final long t0;
    private final long endNanos;
    private final CpuSampler sampler;

    private final Map<Long, Start> starts = new HashMap<>();
    private final Map<Long, Long> endEpochNs = new HashMap<>();
    private long markEpochNs = Long.MIN_VALUE;
    private long markNano;
    // state events, struct-of-arrays: 100k virtual threads make 100k+ events
    private long[] evThread = new long[1024];
    private long[] evStart = new long[1024];
    private long[] evEnd = new long[1024];
    private byte[] evState = new byte[1024];
    private int events;

    RecordingAssembler(Thread caller, boolean includeCaller, long baselineId, Set<Long> ours, Set<Long> carriersBefore,
            long t0, long endNanos, CpuSampler sampler) {
        this.caller = caller;
        this.includeCaller = includeCaller;
        this.baselineId = baselineId;
        this.ours = ours;
        this.carriersBefore = carriersBefore;
        this.t0 = t0;
        this.endNanos = endNanos;
        this.sampler = sampler;
    }

    private static long epochNs(Instant i) {
        return i.getEpochSecond() * 1_000_000_000L + i.getNano();
    }

    private boolean candidate(long id) {
        return (id > baselineId || id == caller.threadId()) && !ours.contains(id);
    }

    void read(Path file) throws IOException {
        try (RecordingFile f = new RecordingFile(file)) {
            while (f.hasMoreEvents()) {
                accept(f.readEvent());
            }
        }
    }

    private void accept(RecordedEvent e) {
        switch (e.getEventType().getName()) {
            case "org.threadlab.RecordingStart" -> {
                markEpochNs = epochNs(e.getStartTime());
                markNano = e.getLong("nanoTime");
            }
            case "jdk.ThreadStart" -> {
                RecordedThread t = e.getValue("thread");
                if (t != null && t.getJavaThreadId() > baselineId && !ours.contains(t.getJavaThreadId())) {
                    RecordedThread p = e.getValue("parentThread");
                    starts.put(t.getJavaThreadId(), new Start(t.getJavaThreadId(), name(t),
                            t.getThreadGroup() == null ? "" : t.getThreadGroup().getName(),
                            p == null ? -1 : p.getJavaThreadId(), p == null ? null : name(p),
                            epochNs(e.getStartTime()), false));
                }
            }
            case "jdk.VirtualThreadStart" -> {
                long id = e.getLong("javaThreadId");
                if (id > baselineId) {
                    RecordedThread t = e.getThread();
                    starts.put(id, new Start(id, t == null ? "" : name(t), "", -1, null, epochNs(e.getStartTime()), true));
                }
            }
            case "jdk.ThreadEnd" -> {
                RecordedThread t = e.getValue("thread");
                if (t != null && t.getJavaThreadId() > baselineId) {
                    endEpochNs.put(t.getJavaThreadId(), epochNs(e.getStartTime()));
                }
            }
            case "jdk.VirtualThreadEnd" -> {
                long id = e.getLong("javaThreadId");
                if (id > baselineId) {
                    endEpochNs.put(id, epochNs(e.getStartTime()));
                }
            }
            case "jdk.ThreadSleep" -> state(e, ThreadState.SLEEPING);
            case "jdk.ThreadPark", "jdk.JavaMonitorWait" -> state(e, ThreadState.WAITING);
            case "jdk.JavaMonitorEnter" -> state(e, ThreadState.BLOCKED);
            case "jdk.SocketRead", "jdk.SocketWrite" -> state(e, ThreadState.IO);
            default -> {
                // other events are not enabled by the recorder
            }
        }
    }

    private static String name(RecordedThread t) {
        String n = t.getJavaName();
        return n == null ? (t.getOSName() == null ? "" : t.getOSName()) : n;
    }

    private void state(RecordedEvent e, ThreadState s) {
        RecordedThread t = e.getThread();
        if (t == null || !candidate(t.getJavaThreadId())) {
            return;
        }
        if (events == evThread.length) {
            int n = events * 2;
            evThread = Arrays.copyOf(evThread, n);
            evStart = Arrays.copyOf(evStart, n);
            evEnd = Arrays.copyOf(evEnd, n);
            evState = Arrays.copyOf(evState, n);
        }
        evThread[events] = t.getJavaThreadId();
        evStart[events] = epochNs(e.getStartTime());
        evEnd[events] = epochNs(e.getEndTime());
        evState[events] = (byte) s.ordinal();
        events++;
    }

    /** ms from the body's start for a JFR timestamp. */
    private double relMs(long epochNs) {
        return (epochNs - markEpochNs) / 1e6;
    }

    private double pollMs(int poll) {
        return (sampler.pollNanos(poll) - t0) / 1e6;
    }

    private static boolean excludedGroup(String group) {
        return LiveThreads.CARRIER_GROUP.equals(group) || "InnocuousThreadGroup".equals(group);
    }

    Recording build(String title, Instant start, Throwable failure, boolean timedOut) {
        if (markEpochNs == Long.MIN_VALUE) {
            throw new IllegalStateException("JFR recording lacks the start mark");
        }
        double wallMs = (endNanos - t0) / 1e6;

        // lineage: descendants of the caller and of the virtual threads started in the window
        Map<Long, List<Start>> children = new HashMap<>();
        ArrayDeque<Long> todo = new ArrayDeque<>();
        todo.add(caller.threadId());
        for (Start s : starts.values()) {
            if (s.virtual()) {
                todo.add(s.id());
            } else if (s.parentId() >= 0) {
                children.computeIfAbsent(s.parentId(), k -> new ArrayList<>()).add(s);
            }
        }
        List<Start> chosen = new ArrayList<>();
        for (Start s : starts.values()) {
            if (s.virtual()) {
                chosen.add(s);
            }
        }
        while (!todo.isEmpty()) {
            for (Start c : children.getOrDefault(todo.poll(), List.of())) {
                if (!excludedGroup(c.group()) && !c.name().startsWith("JFR ")) {
                    chosen.add(c);
                    todo.add(c.id());
                }
            }
        }
        if (includeCaller) {
            chosen.add(new Start(caller.threadId(), caller.getName(), "", -1, null, markEpochNs, caller.isVirtual()));
        }
        chosen.sort(Comparator.comparingLong(Start::epochNs).thenComparingLong(Start::id));

        Map<String, Integer> nameCount = new HashMap<>();
        for (Start s : chosen) {
            nameCount.merge(s.name(), 1, Integer::sum);
        }
        Map<Long, Integer> indexOf = new HashMap<>(chosen.size() * 2);
        List<ThreadRecord> threads = new ArrayList<>(chosen.size());
        boolean anyVirtual = false;
        for (int i = 0; i < chosen.size(); i++) {
            Start s = chosen.get(i);
            anyVirtual |= s.virtual();
            boolean isCaller = s.id() == caller.threadId();
            Long end = isCaller ? null : endEpochNs.get(s.id());
            double startMs = Math.max(0, relMs(s.epochNs()));
            double endMs = end == null ? wallMs : Math.min(wallMs, Math.max(startMs, relMs(end)));
            String label = s.name().isEmpty() || nameCount.get(s.name()) > 1
                    ? (s.name().isEmpty() ? (s.virtual() ? "virtual" : "thread") : s.name()) + "#" + s.id()
                    : s.name();
            long cpu = -1;
            CpuSampler.Series series = s.virtual() ? null : sampler.series(s.id());
            if (series != null && series.n > 0) {
                cpu = series.cpu[series.n - 1] - (isCaller ? series.cpu[0] : 0);
            }
            threads.add(new ThreadRecord(i, s.id(), s.name(), label, s.virtual(), s.parentId(), s.parentName(),
                    startMs, endMs, end != null, cpu));
            indexOf.put(s.id(), i);
        }

        // bucket state events by lane (counting sort), then lay each lane out
        int[] count = new int[threads.size() + 1];
        int[] laneOf = new int[events];
        for (int e = 0; e < events; e++) {
            Integer lane = indexOf.get(evThread[e]);
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
        for (int e = 0; e < events; e++) {
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
            Arrays.sort(evs, Comparator.comparingLong(e -> evStart[e]));
            new Lane(t, t.virtual() ? null : sampler.series(t.id()), t.id() == caller.threadId(), intervals)
                    .layOut(evs);
        }

        Utilization utilization = utilization(threads, anyVirtual);
        double carrierCpuMs = anyVirtual ? carrierCpuMs() : 0;
        return new Recording(title, start, wallMs, threads, intervals, utilization, carrierCpuMs, failure, timedOut);
    }

    private List<Long> carriers() {
        List<Long> ids = new ArrayList<>(carriersBefore);
        for (Start s : starts.values()) {
            if (LiveThreads.CARRIER_GROUP.equals(s.group())) {
                ids.add(s.id());
            }
        }
        return ids;
    }

    private double carrierCpuMs() {
        long ns = 0;
        for (long id : carriers()) {
            CpuSampler.Series s = sampler.series(id);
            if (s != null && s.n > 0) {
                ns += s.cpu[s.n - 1] - (carriersBefore.contains(id) ? s.cpu[0] : 0);
            }
        }
        return ns / 1e6;
    }

    private Utilization utilization(List<ThreadRecord> threads, boolean anyVirtual) {
        int polls = sampler.polls();
        double[] cpuNs = new double[polls];
        List<Long> counted = new ArrayList<>();
        for (ThreadRecord t : threads) {
            if (!t.virtual()) {
                counted.add(t.id());
            }
        }
        if (anyVirtual) {
            counted.addAll(carriers());
        }
        for (long id : counted) {
            CpuSampler.Series s = sampler.series(id);
            if (s == null) {
                continue;
            }
            boolean existedBefore = id == caller.threadId() || carriersBefore.contains(id);
            for (int k = 0; k < s.n; k++) {
                long prev = k > 0 ? s.cpu[k - 1] : (existedBefore ? s.cpu[0] : 0);
                cpuNs[s.poll[k]] += s.cpu[k] - prev;
            }
        }
        int windows = Math.max(0, polls - 1);
        double[] from = new double[windows];
        double[] to = new double[windows];
        double[] busy = new double[windows];
        for (int j = 1; j < polls; j++) {
            from[j - 1] = pollMs(j - 1);
            to[j - 1] = pollMs(j);
            double len = to[j - 1] - from[j - 1];
            busy[j - 1] = len > 0 ? Math.max(0, cpuNs[j] / 1e6 / len) : 0;
        }
        return new Utilization(from, to, busy, Runtime.getRuntime().availableProcessors());
    }

    /** Lays out one thread's lane: JFR intervals first, gaps filled from its CPU polls. */
    private final class Lane {
        private final ThreadRecord t;
        private final CpuSampler.Series series;
        private final boolean existedBefore;
        private final List<Interval> out;
        private final List<double[]> gaps = new ArrayList<>();
        private final List<Interval> evented = new ArrayList<>();
        private ThreadState endState; // the call the thread was in when the recording ended, if known

        Lane(ThreadRecord t, CpuSampler.Series series, boolean existedBefore, List<Interval> out) {
            this.t = t;
            this.series = series;
            this.existedBefore = existedBefore;
            this.out = out;
        }

        void layOut(Integer[] evs) {
            double cursor = t.startMs();
            for (int e : evs) {
                double s = Math.max(relMs(evStart[e]), cursor);
                double end = Math.min(relMs(evEnd[e]), t.endMs());
                if (end <= s) {
                    continue; // nested in or hidden by an earlier event, or outside the thread's life
                }
                if (s > cursor) {
                    gaps.add(new double[] {cursor, s});
                }
                evented.add(new Interval(t.index(), ThreadState.values()[evState[e]], s, end));
                cursor = end;
            }
            if (cursor < t.endMs()) {
                gaps.add(new double[] {cursor, t.endMs()});
            }
            List<Interval> filled = new ArrayList<>(evented);
            fillGaps(filled);
            filled.sort(Comparator.comparingDouble(Interval::startMs));
            merge(filled);
        }

        private void fillGaps(List<Interval> into) {
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
            ThreadState end = series.poll[series.n - 1] == sampler.polls() - 1 ? sampler.finalBlocking(t.id()) : null;
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

        private void merge(List<Interval> sorted) {
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
}
