package org.threadlab.record;

/**
 * A span of time one recorded thread spent in one {@link ThreadState}.
 *
 * <pre>{@code
 * double sleptMs = recording.intervals().stream()
 *         .filter(i -> i.state() == ThreadState.SLEEPING)
 *         .mapToDouble(Interval::durationMs).sum();
 * }</pre>
 *
 * <p>Immutable, so safe to share between threads.
 *
 * @param thread  index into {@link Recording#threads()}
 * @param state   what the thread was doing
 * @param startMs start, in ms from the recording's start
 * @param endMs   end, in ms from the recording's start
 */
public record Interval(int thread, ThreadState state, double startMs, double endMs) {
    public double durationMs() {
        return endMs - startMs;
    }
}
