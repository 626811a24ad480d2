package org.threadlab.record;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Where a recorded cell's time goes, for whoever tunes the recorder: with
 * {@code -Dthreadlab.phases=FILE} each {@link #mark} stamps a phase on the current thread and
 * {@link #flush} appends one line of milliseconds per phase to FILE (never to the cell's output).
 * Off by default, when a mark costs one branch.
 */
public final class PhaseLog {
    private static final String FILE = System.getProperty("threadlab.phases");
    private static final ThreadLocal<List<Object>> MARKS = ThreadLocal.withInitial(ArrayList::new);

    private PhaseLog() {
    }

    /** Starts a new line of phases on this thread. */
    public static void begin() {
        if (FILE != null) {
            List<Object> m = MARKS.get();
            m.clear();
            m.add("begin");
            m.add(System.nanoTime());
        }
    }

    /** The phase that ends now. */
    public static void mark(String phase) {
        if (FILE != null) {
            List<Object> m = MARKS.get();
            m.add(phase);
            m.add(System.nanoTime());
        }
    }

    /** Writes this thread's phases since {@link #begin()} as one line, then forgets them. */
    public static void flush(String what) {
        if (FILE == null) {
            return;
        }
        List<Object> m = MARKS.get();
        if (m.size() < 4) {
            m.clear();
            return;
        }
        StringBuilder line = new StringBuilder(what);
        long first = (Long) m.get(1);
        long prev = first;
        for (int i = 2; i < m.size(); i += 2) {
            long t = (Long) m.get(i + 1);
            line.append(String.format(Locale.ROOT, " %s=%.2f", m.get(i), (t - prev) / 1e6));
            prev = t;
        }
        line.append(String.format(Locale.ROOT, " total=%.2f%n", (prev - first) / 1e6));
        m.clear();
        try {
            Files.writeString(Path.of(FILE), line, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException ignored) {
            // a debugging aid must never fail a cell
        }
    }
}
