package org.threadlab.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Runs a body at every point of a sweep: warm-up runs, then counted runs, each timed with
 * {@link System#nanoTime()}.
 *
 * <pre>{@code
 * BenchRunner runner = new BenchRunner(step -> progressLine.update(step.line()));
 * BenchResult r = runner.run(BenchOptions.parse("threads=1,2,4", "--repeat", "5"),
 *         b -> SplitSum.sum(0, 400_000_000L, (Integer) b.get("threads")));
 * }</pre>
 *
 * <p>Per point: {@code warmup} uncounted runs, then {@code repeat} counted runs. A run's time is
 * the wall time of one {@link BenchBody#run} call; the harness adds about a tenth of a
 * microsecond per run outside the timed interval (see {@code BenchHarnessBenchmark}). If the
 * body throws, the point is failed with the root cause in one line and the next point runs.
 *
 * <p>Cancellation: between runs the runner checks {@link #cancel()} and the calling thread's
 * interrupt status (left set, not cleared); a body that throws {@link InterruptedException} also
 * cancels. A cancelled run returns the result so far with {@link BenchResult#cancelled()} set:
 * every counted run that completed is kept, also those of the point it was in (a point with
 * fewer runs than {@code repeat}, which {@link BenchResult#warnings()} names); a point cancelled
 * before its first counted run, and the points after it, are failed.
 *
 * <p>Thread-safety: {@link #run} is meant for one thread at a time; {@link #cancel()} may be called
 * from any thread and is seen by the running thread before its next run (volatile flag). Progress
 * steps are delivered on the running thread.
 */
public final class BenchRunner {
    /** Room for this many run times is made before the first run; more as runs complete. */
    static final int INITIAL_RUNS = 1024;

    private final BenchProgress progress;
    private volatile boolean cancelRequested;

    /** A runner that reports no progress. */
    public BenchRunner() {
        this(BenchProgress.NONE);
    }

    public BenchRunner(BenchProgress progress) {
        this.progress = progress == null ? BenchProgress.NONE : progress;
    }

    /** Asks the current (or next) {@link #run} to stop before its next run. */
    public void cancel() {
        cancelRequested = true;
    }

    /** Runs {@code body} over the options' sweep with their warm-up, repeat and title. */
    public BenchResult run(BenchOptions options, BenchBody body) {
        if (options.help()) {
            throw new IllegalArgumentException("--help was given: show BenchOptions.usage() instead of running");
        }
        return run(options.sweep(), options.warmup(), options.repeat(), options.title(), body);
    }

    /** Runs {@code body} over {@code sweep}; {@code title} may be null. */
    public BenchResult run(Sweep sweep, int warmup, int repeat, String title, BenchBody body) {
        if (warmup < 0 || repeat < 1) {
            throw new IllegalArgumentException("need warmup >= 0 and repeat >= 1");
        }
        List<Map<String, Object>> bindings = sweep.points();
        List<BenchPoint> points = new ArrayList<>(bindings.size());
        int n = bindings.size();
        long start = System.nanoTime();
        boolean cancelled = false;
        for (int p = 0; p < n; p++) {
            Map<String, Object> binding = bindings.get(p);
            if (cancelled) {
                points.add(BenchPoint.failed(binding, "not run: cancelled"));
                continue;
            }
            // grown as runs complete: --repeat 1000000000 must not claim 8 GB before its first run
            double[] runs = new double[Math.min(repeat, INITIAL_RUNS)];
            int counted = 0;
            String failure = null;
            long total = (long) warmup + repeat;
            for (long r = 0; r < total; r++) {
                if (cancelRequested || Thread.currentThread().isInterrupted()) {
                    cancelled = true;
                    break;
                }
                long t0 = System.nanoTime();
                try {
                    body.run(binding);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    cancelled = true;
                    break;
                } catch (Exception | StackOverflowError | AssertionError | LinkageError e) {
                    failure = describe(e);
                    break;
                }
                long t1 = System.nanoTime();
                boolean warm = r < warmup;
                double ms = (t1 - t0) / 1e6;
                if (!warm) {
                    if (counted == runs.length) {
                        runs = Arrays.copyOf(runs, (int) Math.min(repeat, 2L * runs.length));
                    }
                    runs[counted++] = ms;
                }
                progress.onStep(new BenchProgress.Step(p + 1, n, binding, warm, (int) (warm ? r + 1 : counted),
                        warm ? warmup : repeat, ms, t1 - start, null));
            }
            if (cancelled && failure == null) {
                // the runs this point completed before the interrupt are measurements like any other
                failure = counted > 0 ? null : "cancelled before its first counted run";
            }
            if (failure == null) {
                points.add(BenchPoint.measured(binding, counted == runs.length ? runs : Arrays.copyOf(runs, counted)));
            } else {
                points.add(BenchPoint.failed(binding, failure));
                progress.onStep(new BenchProgress.Step(p + 1, n, binding, false, 0, repeat, Double.NaN,
                        System.nanoTime() - start, failure));
            }
        }
        return new BenchResult(title, sweep, points, warmup, repeat, Runtime.getRuntime().availableProcessors(),
                cancelled);
    }

    /** The root cause in one line: {@code SimpleName: first line of message}. */
    static String describe(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String msg = root.getMessage();
        String name = root.getClass().getSimpleName().isEmpty() ? root.getClass().getName() : root.getClass().getSimpleName();
        if (msg == null || msg.isBlank()) {
            return name;
        }
        int nl = msg.indexOf('\n');
        return name + ": " + (nl < 0 ? msg : msg.substring(0, nl)).strip();
    }
}
