package org.threadlab.grade;

/**
 * A body to check, which may throw anything: {@code () -> SplitSum.sum(0, 1_000_000, 4)}.
 */
@FunctionalInterface
public interface ThrowingRunnable {
    void run() throws Throwable;
}
