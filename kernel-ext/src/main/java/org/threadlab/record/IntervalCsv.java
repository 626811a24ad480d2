package org.threadlab.record;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * A {@link Recording}'s intervals as CSV: header {@code thread,state,start_ms,end_ms}, one row per
 * interval in the recording's order, times in ms with three decimals; a label with a comma, quote
 * or line break is quoted.
 */
final class IntervalCsv implements RecordingFormat {

    @Override
    public void appendTo(Recording r, Appendable out) {
        try {
            out.append("thread,state,start_ms,end_ms\n");
            for (Interval iv : r.intervals()) {
                out.append(field(r.threads().get(iv.thread()).label())).append(',')
                        .append(iv.state().label()).append(',')
                        .append(FixedPoint.format(iv.startMs(), 3)).append(',')
                        .append(FixedPoint.format(iv.endMs(), 3)).append('\n');
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public int sizeHint(Recording r) {
        return 32 + r.intervals().size() * 40;
    }

    private static String field(String s) {
        if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) {
            return s;
        }
        return '"' + s.replace("\"", "\"\"") + '"';
    }
}
