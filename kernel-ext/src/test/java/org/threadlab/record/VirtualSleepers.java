package org.threadlab.record;

import java.util.concurrent.Executors;

/** The body that the recorder's sleeper tests and benchmarks record: virtual threads that sleep, joined. */
public final class VirtualSleepers {
    private VirtualSleepers() {
    }

    /** Starts {@code count} virtual threads that each sleep {@code ms}, and returns once all have ended; returns null. */
    public static Object run(int count, long ms) {
        try (var ex = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < count; i++) {
                ex.submit(() -> {
                    Thread.sleep(ms);
                    return null;
                });
            }
        }
        return null;
    }
}
