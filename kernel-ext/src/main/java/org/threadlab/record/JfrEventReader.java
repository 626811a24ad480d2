package org.threadlab.record;

import static org.threadlab.record.JfrEventNames.MONITOR_ENTER;
import static org.threadlab.record.JfrEventNames.MONITOR_WAIT;
import static org.threadlab.record.JfrEventNames.RECORDING_START;
import static org.threadlab.record.JfrEventNames.SOCKET_READ;
import static org.threadlab.record.JfrEventNames.SOCKET_WRITE;
import static org.threadlab.record.JfrEventNames.THREAD_END;
import static org.threadlab.record.JfrEventNames.THREAD_PARK;
import static org.threadlab.record.JfrEventNames.THREAD_SLEEP;
import static org.threadlab.record.JfrEventNames.THREAD_START;
import static org.threadlab.record.JfrEventNames.VIRTUAL_THREAD_END;
import static org.threadlab.record.JfrEventNames.VIRTUAL_THREAD_START;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

/**
 * Reads a JFR recording file into {@link ThreadEvents}, keeping only the events of threads the
 * {@link ThreadWindow} may show; the one class that reads {@code jdk.jfr} events.
 *
 * <pre>{@code
 * ThreadEvents events = JfrEventReader.read(file, new ThreadWindow(baselineId, callerId, Set.of(samplerId)));
 * }</pre>
 *
 * <p>Each state event is one state: sleep is sleeping; park and {@code Object.wait} are waiting;
 * monitor enter is blocked; socket read and write are io.
 *
 * <p>Two readers give the same values. {@link JfrChunkParser} is used first (unless
 * {@code -Dthreadlab.jfrReader=RecordingFile}): it reads only the recorder's event types,
 * Thread and ThreadGroup constants, and keeps JFR's metadata (about 100 KB in every dump)
 * parsed across reads, so an empty recording reads in well under a millisecond where
 * {@code jdk.jfr.consumer.RecordingFile} builds every event type JFR knows into objects each
 * time (4–20 ms; see {@code JfrReadBenchmark}). {@code RecordingFile} is used for files over 256 MB and whenever that reader meets anything it does not expect (another
 * file format version, a field of another kind, a truncated or corrupted file, any exception):
 * so a file is read as before or better, and one neither can read fails as before. Stateless
 * but for the first reader's cache; thread-safe.
 */
final class JfrEventReader {
    /** Larger files are left to {@code RecordingFile}, which does not hold a whole file in memory. */
    private static final long LARGEST_READ_WHOLE = 256L << 20;

    /** {@code -Dthreadlab.jfrReader=RecordingFile}: every file is read the old way (to compare, or a way out). */
    private static final boolean ONLY_RECORDING_FILE = "RecordingFile".equalsIgnoreCase(
            System.getProperty("threadlab.jfrReader"));

    private JfrEventReader() {
    }

    static ThreadEvents read(Path file, ThreadWindow window) throws IOException {
        if (ONLY_RECORDING_FILE || Files.size(file) > LARGEST_READ_WHOLE) {
            return readWithRecordingFile(file, window);
        }
        byte[] bytes = Files.readAllBytes(file);
        try {
            return JfrChunkParser.read(bytes, window);
        } catch (JfrFormatException | RuntimeException e) { // a surprise: JFR's own reader decides
            return readWithRecordingFile(file, window);
        }
    }

    /** The fallback, and the reference the fast reader's tests compare with. */
    static ThreadEvents readWithRecordingFile(Path file, ThreadWindow window) throws IOException {
        KeptEvents kept = new KeptEvents(window);
        try (RecordingFile f = new RecordingFile(file)) {
            while (f.hasMoreEvents()) {
                accept(f.readEvent(), kept);
            }
        }
        return kept.events();
    }

    private static void accept(RecordedEvent e, KeptEvents kept) {
        switch (e.getEventType().getName()) {
            case RECORDING_START -> kept.mark(epochNs(e.getStartTime()));
            case THREAD_START -> {
                RecordedThread t = e.getValue("thread");
                if (t != null) {
                    RecordedThread p = e.getValue("parentThread");
                    kept.platformStart(t.getJavaThreadId(), name(t),
                            t.getThreadGroup() == null ? "" : t.getThreadGroup().getName(),
                            p == null ? -1 : p.getJavaThreadId(), p == null ? null : name(p), epochNs(e.getStartTime()));
                }
            }
            case VIRTUAL_THREAD_START -> {
                RecordedThread t = e.getThread();
                kept.virtualStart(e.getLong("javaThreadId"), t == null ? "" : name(t), epochNs(e.getStartTime()));
            }
            case THREAD_END -> {
                RecordedThread t = e.getValue("thread");
                if (t != null) {
                    kept.end(t.getJavaThreadId(), epochNs(e.getStartTime()));
                }
            }
            case VIRTUAL_THREAD_END -> kept.end(e.getLong("javaThreadId"), epochNs(e.getStartTime()));
            case THREAD_SLEEP -> state(e, ThreadState.SLEEPING, kept);
            case THREAD_PARK, MONITOR_WAIT -> state(e, ThreadState.WAITING, kept);
            case MONITOR_ENTER -> state(e, ThreadState.BLOCKED, kept);
            case SOCKET_READ, SOCKET_WRITE -> state(e, ThreadState.IO, kept);
            default -> {
                // other events are not enabled by the recorder
            }
        }
    }

    private static void state(RecordedEvent e, ThreadState s, KeptEvents kept) {
        RecordedThread t = e.getThread();
        if (t != null) {
            kept.state(t.getJavaThreadId(), epochNs(e.getStartTime()), epochNs(e.getEndTime()), s);
        }
    }

    private static String name(RecordedThread t) {
        String n = t.getJavaName();
        return n == null ? (t.getOSName() == null ? "" : t.getOSName()) : n;
    }

    private static long epochNs(Instant i) {
        return i.getEpochSecond() * 1_000_000_000L + i.getNano();
    }
}
