package org.threadlab.record;

import org.threadlab.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;

/**
 * Renders a {@link Recording} as Chrome trace-event JSON (the format Perfetto and chrome://tracing
 * load): a named track per thread with complete ("X") events per interval, and a busy-cores counter.
 */
final class TraceEventJson implements RecordingFormat {
    private static final int PID = 1;

    @Override
    public int sizeHint(Recording r) {
        return 256 + r.intervals().size() * 110;
    }

    @Override
    public void appendTo(Recording r, Appendable out) {
        try {
            out.append("{\"displayTimeUnit\":\"ms\",\"otherData\":{\"title\":").append(Json.quote(r.title()))
                    .append(",\"start\":").append(Json.quote(r.start().toString())).append("},\"traceEvents\":[\n");
            out.append("{\"ph\":\"M\",\"pid\":1,\"name\":\"process_name\",\"args\":{\"name\":")
                    .append(Json.quote(r.title().isEmpty() ? "recording" : r.title())).append("}}");
            for (ThreadRecord t : r.threads()) {
                out.append(",\n{\"ph\":\"M\",\"pid\":1,\"tid\":").append(Long.toString(t.id()))
                        .append(",\"name\":\"thread_name\",\"args\":{\"name\":").append(Json.quote(t.label())).append("}}");
                out.append(",\n{\"ph\":\"M\",\"pid\":1,\"tid\":").append(Long.toString(t.id()))
                        .append(",\"name\":\"thread_sort_index\",\"args\":{\"sort_index\":")
                        .append(Integer.toString(t.index())).append("}}");
            }
            for (Interval iv : r.intervals()) {
                ThreadRecord t = r.threads().get(iv.thread());
                out.append(",\n{\"ph\":\"X\",\"pid\":").append(Integer.toString(PID)).append(",\"tid\":")
                        .append(Long.toString(t.id())).append(",\"name\":\"").append(iv.state().label())
                        .append("\",\"cat\":\"state\",\"ts\":").append(micros(iv.startMs())).append(",\"dur\":")
                        .append(micros(iv.durationMs())).append('}');
            }
            Utilization u = r.utilization();
            for (int i = 0; i < u.size(); i++) {
                out.append(",\n{\"ph\":\"C\",\"pid\":1,\"name\":\"busy cores\",\"ts\":").append(micros(u.startMs(i)))
                        .append(",\"args\":{\"cores\":").append(FixedPoint.format(u.busyCores(i), 3))
                        .append("}}");
            }
            out.append("\n]}\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String micros(double ms) {
        return FixedPoint.format(ms * 1000, 1);
    }

}
