package org.threadlab.grade;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.StandardOpenOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes the grader's outputs from {@link Grader.Grade} values: the gradebook CSV, JUnit XML,
 * and per student Gradescope's {@code results.json} and a feedback page.
 */
final class Reports {
    private Reports() {
    }

    /**
     * {@code STUDENT/results.json}, {@code STUDENT/junit.xml}, {@code STUDENT/feedback.html},
     * {@code STUDENT/output.txt} ({@code output}: what the notebook printed, already capped).
     */
    static void writeStudent(Path dir, Grader.Grade g, String output) throws IOException {
        write(dir.resolve("output.txt"), output);
        write(dir.resolve("results.json"), GradescopeJson.of(g.report(), g.reason()));
        write(dir.resolve("junit.xml"), JUnitXml.document(Map.of(g.student(), g.report())));
        write(dir.resolve("feedback.html"), FeedbackPage.html(g, output));
    }

    /** UTF-8, with what cannot be encoded (a lone surrogate from a notebook's output) replaced, never an error. */
    static void write(Path file, CharSequence text) throws IOException {
        var encoder = StandardCharsets.UTF_8.newEncoder().onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE);
        ByteBuffer bytes = encoder.encode(CharBuffer.wrap(text));
        try (var ch = Files.newByteChannel(file, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE)) {
            while (bytes.hasRemaining()) {
                ch.write(bytes);
            }
        }
    }

    /** {@code gradebook.csv} and {@code junit.xml} over every student. */
    static void writeAll(Path out, List<Grader.Grade> grades) throws IOException {
        Set<String> names = new LinkedHashSet<>();
        for (Grader.Grade g : grades) {
            g.report().tests().forEach(t -> names.add(t.name()));
        }
        StringBuilder csv = new StringBuilder("student,score,max_score,reason");
        for (String n : names) {
            csv.append(',').append(csv(n));
        }
        csv.append('\n');
        Map<String, TestReport> suites = new LinkedHashMap<>();
        for (Grader.Grade g : grades) {
            csv.append(csv(g.student())).append(',').append(ReportTable.points(g.report().points())).append(',')
                    .append(ReportTable.points(g.report().maxPoints())).append(',').append(csv(g.reason()));
            for (String n : names) {
                List<String> pts = new ArrayList<>();
                g.report().tests().stream().filter(t -> t.name().equals(n)).forEach(t -> pts.add(ReportTable.points(t.points())));
                csv.append(',').append(String.join("+", pts));
            }
            csv.append('\n');
            suites.put(g.student(), g.report());
        }
        write(out.resolve("gradebook.csv"), csv);
        write(out.resolve("junit.xml"), JUnitXml.document(suites));
    }

    private static String csv(String s) {
        if (s == null) {
            return "";
        }
        return s.contains(",") || s.contains("\"") || s.contains("\n") || s.contains("\r") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }
}
