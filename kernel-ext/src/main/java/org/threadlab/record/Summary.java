package org.threadlab.record;

import java.util.Map;

/**
 * The headline figures of a {@link Recording}.
 *
 * <pre>{@code
 * Summary s = recording.summary();
 * System.out.printf("%d threads, parallelism %.2f%n", s.threads(), s.effectiveParallelism());
 * }</pre>
 *
 * <p>Immutable, so safe to share between threads.
 *
 * @param threads              recorded threads (lanes)
 * @param virtualThreads       how many of them were virtual
 * @param wallMs               wall time of the recorded body
 * @param cpuMs                CPU time of the recorded platform threads plus, when virtual threads ran, their carriers
 * @param effectiveParallelism {@code cpuMs / wallMs}: average cores kept busy
 * @param msByState            total thread-time per state, summed over all threads
 */
public record Summary(int threads, int virtualThreads, double wallMs, double cpuMs, double effectiveParallelism,
        Map<ThreadState, Double> msByState) {

    public Summary {
        msByState = Map.copyOf(msByState);
    }

    public double blockedMs() {
        return msByState.getOrDefault(ThreadState.BLOCKED, 0.0);
    }

    public double waitingMs() {
        return msByState.getOrDefault(ThreadState.WAITING, 0.0);
    }
}
