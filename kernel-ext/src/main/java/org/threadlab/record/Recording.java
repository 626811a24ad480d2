package org.threadlab.record;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a recorded cell's threads did: a plain value that charts, the text and HTML summaries
 * ({@code SummaryText}, {@code SummaryHtml}), CSV ({@code IntervalCsv}) and trace-event JSON
 * ({@code TraceEventJson}) render; the methods here that render only delegate to those.
 *
 * <pre>{@code
 * Recording r = new Recorder().record("split sum", () -> splitSum(2));
 * System.out.println(r.summaryText());
 * r.writeCsv(Path.of("threads.csv"));          // thread,state,start_ms,end_ms
 * r.writeTraceJson(Path.of("threads.json"));   // open in ui.perfetto.dev
 * r.failure().ifPresent(Throwable::printStackTrace);
 * }</pre>
 *
 * <p>Immutable once built, so safe to share between threads and to keep for later cells.
 * Times are ms from the recording's start; intervals are ordered by thread, then start.
 */
public final class Recording {
    private final String title;
    private final Instant start;
    private final double wallMs;
    private final List<ThreadRecord> threads;
    private final List<Interval> intervals;
    private final int[] firstInterval; // intervals of thread i are [firstInterval[i], firstInterval[i+1])
    private final double[] msByThreadState; // [thread * STATES + state.ordinal()]
    private final Utilization utilization;
    private final double carrierCpuMs;
    private final Throwable failure;
    private final boolean timedOut;
    private final Summary summary;
    private final Sightings sightings;
    private final String virtualNote;

    private static final int STATES = ThreadState.values().length;

    /**
     * Builds a recording. {@code threads} must be indexed by {@link ThreadRecord#index()};
     * intervals may come in any order.
     *
     * @param carrierCpuMs CPU time of virtual-thread carriers while recording, counted into the total
     * @param failure      what the body threw, or {@code null}
     * @param timedOut     whether the body overran its timeout (the recording stops there)
     */
    public Recording(String title, Instant start, double wallMs, List<ThreadRecord> threads, List<Interval> intervals,
            Utilization utilization, double carrierCpuMs, Throwable failure, boolean timedOut) {
        this(title, start, wallMs, threads, intervals, utilization, carrierCpuMs, failure, timedOut,
                Sightings.none(threads.size()));
    }

    /**
     * The same, with when the CPU polls saw each lane alive ({@code sightings} has a lane per
     * thread, in the same order).
     */
    public Recording(String title, Instant start, double wallMs, List<ThreadRecord> threads, List<Interval> intervals,
            Utilization utilization, double carrierCpuMs, Throwable failure, boolean timedOut, Sightings sightings) {
        this(title, start, wallMs, threads, intervals, utilization, carrierCpuMs, failure, timedOut, sightings,
                SummaryText.VIRTUAL_NOTE);
    }

    /**
     * The same, with how its virtual threads' states were observed, one sentence, as the summaries
     * say it under their tables ({@link #virtualNote()}).
     */
    public Recording(String title, Instant start, double wallMs, List<ThreadRecord> threads, List<Interval> intervals,
            Utilization utilization, double carrierCpuMs, Throwable failure, boolean timedOut, Sightings sightings,
            String virtualNote) {
        this.virtualNote = Objects.requireNonNull(virtualNote, "virtualNote");
        if (sightings.lanes() != threads.size()) {
            throw new IllegalArgumentException(sightings.lanes() + " lanes of sightings for " + threads.size() + " threads");
        }
        this.sightings = sightings;
        this.title = title == null ? "" : title;
        this.start = start;
        this.wallMs = wallMs;
        this.threads = List.copyOf(threads);
        for (int i = 0; i < this.threads.size(); i++) {
            if (this.threads.get(i).index() != i) {
                throw new IllegalArgumentException("thread " + i + " has index " + this.threads.get(i).index());
            }
        }
        List<Interval> sorted = new ArrayList<>(intervals);
        sorted.sort(Comparator.comparingInt(Interval::thread).thenComparingDouble(Interval::startMs));
        this.intervals = List.copyOf(sorted);
        this.firstInterval = new int[this.threads.size() + 1];
        this.msByThreadState = new double[this.threads.size() * STATES];
        for (Interval iv : this.intervals) {
            if (iv.thread() < 0 || iv.thread() >= this.threads.size()) {
                throw new IllegalArgumentException("interval for unknown thread " + iv.thread() + ": " + iv);
            }
            firstInterval[iv.thread() + 1]++;
            msByThreadState[iv.thread() * STATES + iv.state().ordinal()] += iv.durationMs();
        }
        for (int i = 0; i < this.threads.size(); i++) {
            firstInterval[i + 1] += firstInterval[i];
        }
        this.utilization = utilization;
        this.carrierCpuMs = carrierCpuMs;
        this.failure = failure;
        this.timedOut = timedOut;
        this.summary = summarize();
    }

    private Summary summarize() {
        Map<ThreadState, Double> byState = new EnumMap<>(ThreadState.class);
        for (ThreadState s : ThreadState.values()) {
            double sum = 0;
            for (int t = 0; t < threads.size(); t++) {
                sum += msByThreadState[t * STATES + s.ordinal()];
            }
            byState.put(s, sum);
        }
        double cpuMs = carrierCpuMs;
        int virtual = 0;
        for (ThreadRecord t : threads) {
            cpuMs += Math.max(0, t.cpuNanos()) / 1e6;
            virtual += t.virtual() ? 1 : 0;
        }
        return new Summary(threads.size(), virtual, wallMs, cpuMs, wallMs > 0 ? cpuMs / wallMs : 0, byState);
    }

    public String title() {
        return title;
    }

    /** Wall-clock instant the recorded body started. */
    public Instant start() {
        return start;
    }

    /** Wall time from the body's start to its end, or to the timeout. */
    public double wallMs() {
        return wallMs;
    }

    /** The lanes: threads the body started and their descendants, ordered by start time. */
    public List<ThreadRecord> threads() {
        return threads;
    }

    /** Every interval of every thread, ordered by thread, then start. */
    public List<Interval> intervals() {
        return intervals;
    }

    /** The intervals of thread {@code index}, ordered by start. */
    public List<Interval> intervalsOf(int index) {
        return intervals.subList(firstInterval[index], firstInterval[index + 1]);
    }

    /** Total time thread {@code index} spent in {@code state}. */
    public double msIn(int index, ThreadState state) {
        return msByThreadState[index * STATES + state.ordinal()];
    }

    /** The first thread named {@code name}, if any. */
    public Optional<ThreadRecord> thread(String name) {
        return threads.stream().filter(t -> t.name().equals(name)).findFirst();
    }

    public Utilization utilization() {
        return utilization;
    }

    /** What the body threw (or the interruption a timeout caused), if it did not complete normally. */
    public Optional<Throwable> failure() {
        return Optional.ofNullable(failure);
    }

    /** Whether the body overran the timeout; the recording then holds what happened up to it. */
    public boolean timedOut() {
        return timedOut;
    }

    /** Which platform lanes each CPU poll saw alive: evidence of threads alive together that needs no timestamp. */
    public Sightings sightings() {
        return sightings;
    }

    public Summary summary() {
        return summary;
    }

    /**
     * How the virtual threads' states were observed: sampled, not sampled in this JVM, or sampled
     * until sampling failed, and what that leaves {@code unknown}. The summaries show it under
     * their tables when there are virtual threads.
     */
    public String virtualNote() {
        return virtualNote;
    }

    /** Every interval as CSV: header {@code thread,state,start_ms,end_ms}, one row per interval. */
    public String toCsv() {
        return RecordingFormat.CSV.format(this);
    }

    /** Writes {@link #toCsv()} to {@code file} in UTF-8, replacing it. */
    public void writeCsv(Path file) throws IOException {
        RecordingFormat.CSV.write(this, file);
    }

    /** The recording in the Chrome trace-event JSON format; loads in Perfetto and chrome://tracing. */
    public String toTraceJson() {
        return RecordingFormat.TRACE_JSON.format(this);
    }

    /** Writes {@link #toTraceJson()} to {@code file} in UTF-8, replacing it. */
    public void writeTraceJson(Path file) throws IOException {
        RecordingFormat.TRACE_JSON.write(this, file);
    }

    /** The {@code text/plain} summary with a per-thread table of at most 20 rows. */
    public String summaryText() {
        return summaryText(20);
    }

    /** The {@code text/plain} summary with a per-thread table of at most {@code maxRows} rows. */
    public String summaryText(int maxRows) {
        return new SummaryText(this).render(maxRows);
    }

    /** The same summary as {@link #summaryText()} in HTML, for the notebook: a table with at most 20 rows. */
    public String summaryHtml() {
        return summaryHtml(20);
    }

    /** The HTML summary with at most {@code maxRows} rows. */
    public String summaryHtml(int maxRows) {
        return new SummaryHtml(this).render(maxRows);
    }

    /** The short summary: title, threads, wall, CPU, parallelism, blocked and waiting time. */
    @Override
    public String toString() {
        return SummaryText.headline(this);
    }
}
