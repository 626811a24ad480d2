package org.threadlab.record;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A text format a {@link Recording} can be written out in, as JMH's {@code ResultFormat} is for
 * benchmark results: the recording stays a plain value, each format is one class.
 *
 * <pre>{@code
 * String csv = RecordingFormat.CSV.format(recording);
 * RecordingFormat.TRACE_JSON.write(recording, Path.of("trace.json"));
 * }</pre>
 *
 * <p>Implementations are stateless, so safe to share between threads.
 */
interface RecordingFormat {
    /** {@code thread,state,start_ms,end_ms}, one row per interval. */
    RecordingFormat CSV = new IntervalCsv();
    /** Chrome trace-event JSON, for Perfetto and chrome://tracing. */
    RecordingFormat TRACE_JSON = new TraceEventJson();

    /**
     * Appends {@code r} in this format to {@code out}.
     *
     * @throws java.io.UncheckedIOException if {@code out} fails
     */
    void appendTo(Recording r, Appendable out);

    /** About how many characters {@code r} takes in this format, to size a buffer once. */
    int sizeHint(Recording r);

    default String format(Recording r) {
        StringBuilder out = new StringBuilder(sizeHint(r));
        appendTo(r, out);
        return out.toString();
    }

    /** Writes {@code r} to {@code file} in UTF-8, replacing it. */
    default void write(Recording r, Path file) throws IOException {
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            appendTo(r, w);
        }
    }
}
