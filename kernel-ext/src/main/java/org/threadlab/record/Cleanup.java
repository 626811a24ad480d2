package org.threadlab.record;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Closes a finished JFR recording and deletes its dump on one daemon thread of its own, after the
 * recording has been built: closing deletes JFR's repository chunks, which took 2–20 ms of a
 * recorded cell on a loaded 2-core machine, and nothing shown depends on it.
 *
 * <p>The thread is made on first use, after a recording has stopped, and then lives as long as the
 * JVM, so it is never new inside a later recording's window. Thread-safe.
 */
final class Cleanup {
    private static final ExecutorService THREAD = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().daemon().name("threadlab-jfr-cleanup").factory());

    private Cleanup() {
    }

    /** Closes {@code jfr} and deletes {@code dump} (if not {@code null}) soon, on the cleanup thread. */
    static void later(jdk.jfr.Recording jfr, Path dump) {
        THREAD.execute(() -> now(jfr, dump));
    }

    /** Waits until everything handed to {@link #later} before this call is done. */
    static void await() throws InterruptedException {
        try {
            THREAD.submit(() -> { }).get();
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    private static void now(jdk.jfr.Recording jfr, Path dump) {
        try {
            jfr.close();
        } finally {
            if (dump != null) {
                try {
                    Files.deleteIfExists(dump);
                } catch (IOException ignored) {
                    // a leftover temp file is harmless
                }
            }
        }
    }
}
