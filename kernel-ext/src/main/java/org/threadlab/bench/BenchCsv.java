package org.threadlab.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.StringJoiner;

/**
 * A {@link BenchResult} as CSV: one row per counted run, header {@code param,value,run,ms};
 * {@code param} is the variable name and {@code value} its value, and for a grid both are joined
 * with {@code ;} in sweep order ({@code threads;size}, {@code 2;1000}); {@code run} counts from 1;
 * {@code ms} has microsecond precision. Failed points have no rows (they appear in the table).
 * Lines end in {@code \n}.
 *
 * <pre>{@code
 * BenchCsv.write(result, Path.of("runs.csv"));
 * }</pre>
 *
 * <p>Stateless and thread-safe.
 */
public final class BenchCsv {
    private BenchCsv() {
    }

    public static String text(BenchResult result) {
        StringBuilder b = new StringBuilder("param,value,run,ms\n");
        StringJoiner names = new StringJoiner(";");
        result.sweep().variables().forEach(v -> names.add(v.name()));
        String param = field(names.toString());
        for (BenchPoint p : result.points()) {
            StringJoiner values = new StringJoiner(";");
            p.binding().values().forEach(v -> values.add(String.valueOf(v)));
            String value = field(values.toString());
            double[] runs = p.runsMs();
            for (int i = 0; i < runs.length; i++) {
                b.append(param).append(',').append(value).append(',').append(i + 1).append(',')
                        .append(String.format(Locale.ROOT, "%.3f", runs[i])).append('\n');
            }
        }
        return b.toString();
    }

    /** Writes {@link #text} to {@code file} in UTF-8, replacing it. */
    public static void write(BenchResult result, Path file) throws IOException {
        Files.writeString(file, text(result), StandardCharsets.UTF_8);
    }

    private static String field(String s) {
        return s.contains(",") || s.contains("\"") || s.contains("\n") ? '"' + s.replace("\"", "\"\"") + '"' : s;
    }
}
