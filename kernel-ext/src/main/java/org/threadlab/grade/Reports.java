package org.threadlab.grade;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.StandardOpenOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

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
     * These are the files a student may be given: none holds the hidden tests' source.
     *
     * @param visibility Gradescope's visibility of a task's tests, or null
     */
    static void writeStudent(Path dir, Grader.Grade g, String output, Function<String, String> visibility) throws IOException {
        write(dir.resolve("output.txt"), output);
        write(dir.resolve("results.json"), GradescopeJson.of(g.report(), g.reason(), g.seconds(), visibility));
        write(dir.resolve("junit.xml"), JUnitXml.document(List.of(suite(g, output)), Instant.now(), JUnitXml.hostname()));
        write(dir.resolve("feedback.html"), FeedbackPage.html(g, output));
    }

    /** The same, with Gradescope's default visibility for every test. */
    static void writeStudent(Path dir, Grader.Grade g, String output) throws IOException {
        writeStudent(dir, g, output, task -> null);
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

    /** {@code gradebook.csv} and {@code junit.xml} over every student, the gradebook as {@code format} says. */
    static void writeAll(Path out, List<Grader.Grade> grades, Gradebook.Format format) throws IOException {
        write(out.resolve("gradebook.csv"), Gradebook.csv(grades, format));
        List<JUnitXml.Suite> suites = new ArrayList<>();
        for (Grader.Grade g : grades) {
            suites.add(suite(g, ""));   // each student's output is in their own junit.xml and output.txt
        }
        write(out.resolve("junit.xml"), JUnitXml.document(suites, Instant.now(), JUnitXml.hostname()));
    }

    /** What junit.xml's system-out holds of the notebook's output: its start (all of it is in output.txt). */
    static final int JUNIT_OUTPUT_CHARS = 64 * 1024;

    private static JUnitXml.Suite suite(Grader.Grade g, String output) {
        String shown = output.length() <= JUNIT_OUTPUT_CHARS ? output
                : output.substring(0, JUNIT_OUTPUT_CHARS) + "\n[… " + (output.length() - JUNIT_OUTPUT_CHARS) + " more characters in output.txt]";
        return new JUnitXml.Suite(g.student(), g.report(), g.reason(), shown);
    }
}
