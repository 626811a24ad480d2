package org.threadlab.record;

/**
 * What a recording keeps of JFR's thread events: the {@link ThreadWindow}'s rules, applied in one
 * place for both readers ({@link JfrChunkParser} and {@link JfrEventReader}'s {@code RecordingFile}
 * path), so that they cannot keep different events.
 *
 * <pre>{@code
 * KeptEvents kept = new KeptEvents(window);
 * kept.platformStart(21, "worker", "main", 1, "main", startNs);  // kept if 21 started inside the window
 * ThreadEvents events = kept.events();
 * }</pre>
 *
 * <p>Not thread-safe: filled by one reader, then read.
 */
final class KeptEvents {
    private final ThreadWindow window;
    private final ThreadEvents events = new ThreadEvents();

    KeptEvents(ThreadWindow window) {
        this.window = window;
    }

    /** The body's start, in JFR's clock. */
    void mark(long epochNs) {
        events.mark(epochNs);
    }

    /** A platform thread's start: kept if it started inside the window and is not the recorder's. */
    void platformStart(long id, String name, String group, long parentId, String parentName, long epochNs) {
        if (window.startedInside(id)) {
            events.start(new ThreadStart(id, name, group, parentId, parentName, epochNs, false));
        }
    }

    /** A virtual thread's start (JFR gives it no parent): kept if newer than the window's baseline. */
    void virtualStart(long id, String name, long epochNs) {
        if (id > window.baselineId()) {
            events.start(new ThreadStart(id, name, "", -1, null, epochNs, true));
        }
    }

    /** A thread's end, platform or virtual: kept if newer than the window's baseline. */
    void end(long id, long epochNs) {
        if (id > window.baselineId()) {
            events.end(id, epochNs);
        }
    }

    /** An interval of one state: kept if the window may show the thread. */
    void state(long id, long fromEpochNs, long toEpochNs, ThreadState s) {
        if (window.mayBeShown(id)) {
            events.state(id, fromEpochNs, toEpochNs, s);
        }
    }

    ThreadEvents events() {
        return events;
    }
}
