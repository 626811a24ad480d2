package org.threadlab.bench;

import java.util.Map;
import org.threadlab.text.Durations;

/**
 * Receives a step after every run, so a caller can show live progress.
 *
 * <pre>{@code
 * BenchRunner runner = new BenchRunner(step -> display.update(step.line()));
 * }</pre>
 *
 * <p>Thread-safety: called on the thread that called {@link BenchRunner#run}, between runs,
 * never during one; time spent here is not counted in any run but does lengthen the benchmark,
 * so throttle expensive updates (e.g. redraw at most every 100 ms).
 */
@FunctionalInterface
public interface BenchProgress {
    /** A listener that ignores every step. */
    BenchProgress NONE = step -> { };

    /** Called after each warm-up and counted run, and once when a point fails. */
    void onStep(Step step);

    /**
     * Where the runner is.
     *
     * @param point 1-based index of the current point
     * @param points number of points
     * @param binding the current point's values
     * @param warmup whether the run just finished was a warm-up
     * @param run 1-based index of the run within its phase (warm-up or counted)
     * @param runs runs in that phase
     * @param lastMs the run's time, NaN for a failure step
     * @param elapsedNanos since the benchmark started
     * @param failure the point's one-line failure, or {@code null}
     */
    record Step(int point, int points, Map<String, Object> binding, boolean warmup, int run, int runs,
                double lastMs, long elapsedNanos, String failure) {

        /** One line for a progress display, e.g. {@code [2/4] threads=2  run 3/5  last 812.3 ms  elapsed 9.104 s}. */
        public String line() {
            StringBuilder b = new StringBuilder().append('[').append(point).append('/').append(points).append("] ")
                    .append(BenchPoint.label(binding));
            if (failure != null) {
                b.append("  failed: ").append(failure);
            } else {
                b.append(warmup ? "  warm-up " : "  run ").append(run).append('/').append(runs)
                        .append("  last ").append(Durations.format(lastMs));
            }
            return b.append("  elapsed ").append(Durations.ofNanos(elapsedNanos)).toString();
        }
    }
}
