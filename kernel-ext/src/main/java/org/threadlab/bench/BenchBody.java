package org.threadlab.bench;

import java.util.Map;

/**
 * The code being timed: one run at one point of the sweep.
 *
 * <pre>{@code
 * BenchBody body = b -> SplitSum.sum(0, 400_000_000L, (Integer) b.get("threads"));
 * }</pre>
 *
 * <p>The {@code %%bench} magic compiles the cell body into one such lambda and the runner calls
 * it directly, so a run costs the body plus well under a microsecond of harness.
 *
 * <p>Thread-safety: the runner calls {@code run} from one thread, one run at a time; the body
 * may start threads of its own but should join them before returning, or their work is not
 * timed.
 */
@FunctionalInterface
public interface BenchBody {
    /**
     * Runs once. {@code binding} maps each swept variable's name to its value at this point;
     * it is unmodifiable and the same instance for every run of a point.
     *
     * @throws Exception to fail this point; the runner records the root cause and goes on
     */
    void run(Map<String, Object> binding) throws Exception;
}
