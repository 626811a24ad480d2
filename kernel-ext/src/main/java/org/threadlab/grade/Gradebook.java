package org.threadlab.grade;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code gradebook.csv}, made to import into an LMS: one row per student, the student's id
 * columns, then one column for the total. Canvas matches rows on its Student, ID, SIS User ID,
 * SIS Login ID and Section columns and makes every other column an assignment; Moodle's CSV grade
 * import maps one identifier column (username, ID number or email) to its users and a chosen
 * column to a grade item. So extra columns (max_score, reason, a column per test) come only on
 * request ({@link Format#detail}), and each row's points are in hundredths that add up exactly to
 * its total ({@link Hundredths}).
 *
 * <pre>{@code
 * String csv = Gradebook.csv(grades, new Gradebook.Format(Gradebook.Roster.read(Path.of("roster.csv")), "HW 3", false));
 * }</pre>
 *
 * <p>Stateless and thread-safe.
 */
public final class Gradebook {
    private Gradebook() {
    }

    /**
     * How the gradebook is laid out.
     *
     * @param roster the students' id columns, or null: then the id column is {@code student}, the file name without {@code .ipynb}
     * @param column the total column's header (in Canvas, the assignment's name)
     * @param detail whether max_score, reason and a column per test follow the total
     */
    public record Format(Roster roster, String column, boolean detail) {
        public static final Format DEFAULT = new Format(null, "score", false);

        public Format {
            if (column == null || column.isBlank()) {
                throw new IllegalArgumentException("the gradebook's score column needs a name.");
            }
        }
    }

    /**
     * A roster CSV: its column {@code file} names a submission (with or without {@code .ipynb});
     * every other column is copied, in the roster's order, into the gradebook before the total.
     * Rows with an empty {@code file} are left out.
     *
     * @param columns the copied headers
     * @param rows    per submission's file name without {@code .ipynb}, its copied values, in the roster's order
     */
    public record Roster(List<String> columns, Map<String, List<String>> rows) {
        public static Roster read(Path file) throws IOException {
            String text;
            try {
                text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new IllegalArgumentException("the roster " + file + " cannot be read: " + e.getMessage());
            }
            if (text.startsWith("\uFEFF")) {
                text = text.substring(1);   // a byte-order mark, as spreadsheets write it
            }
            List<List<String>> table = parse(text);
            if (table.isEmpty()) {
                throw new IllegalArgumentException("the roster " + file + " is empty; it needs a header row with a column named file.");
            }
            List<String> header = table.get(0);
            int at = -1;
            for (int i = 0; i < header.size(); i++) {
                if (header.get(i).strip().equalsIgnoreCase("file")) {
                    at = i;
                }
            }
            if (at < 0) {
                throw new IllegalArgumentException("the roster " + file + " has no column named file (the submission's file name); its columns are "
                        + String.join(", ", header) + ".");
            }
            if (header.size() < 2) {
                throw new IllegalArgumentException("the roster " + file + " has only the column file; add the students' id columns.");
            }
            List<String> columns = new ArrayList<>(header);
            columns.remove(at);
            Map<String, List<String>> rows = new LinkedHashMap<>();
            for (int r = 1; r < table.size(); r++) {
                List<String> row = new ArrayList<>(table.get(r));
                while (row.size() < header.size()) {
                    row.add("");
                }
                String name = row.get(at).strip().replaceFirst("\\.ipynb$", "");
                if (name.isEmpty()) {
                    continue;
                }
                if (rows.containsKey(name)) {
                    throw new IllegalArgumentException("the roster " + file + " names " + name + " in two rows (" + (r + 1) + " and an earlier one).");
                }
                row.remove(at);
                rows.put(name, List.copyOf(row.subList(0, columns.size())));
            }
            return new Roster(List.copyOf(columns), rows);
        }
    }

    /** The CSV text. */
    public static String csv(List<Grader.Grade> grades, Format format) {
        Set<String> tests = new LinkedHashSet<>();
        for (Grader.Grade g : grades) {
            g.report().tests().forEach(t -> tests.add(t.name()));
        }
        List<String> header = new ArrayList<>(format.roster() == null ? List.of("student") : format.roster().columns());
        header.add(format.column());
        if (format.detail()) {
            header.add("max_score");
            header.add("reason");
            header.addAll(tests);
        }
        StringBuilder csv = new StringBuilder();
        line(csv, header);
        Map<String, Grader.Grade> byStudent = new LinkedHashMap<>();
        grades.forEach(g -> byStudent.put(g.student(), g));
        if (format.roster() == null) {
            for (Grader.Grade g : grades) {
                List<String> row = new ArrayList<>(List.of(g.student()));
                row.addAll(points(g, tests, format.detail()));
                line(csv, row);
            }
        } else {
            // the roster's order; a student without a submission keeps an empty score, which an LMS leaves as it was
            format.roster().rows().forEach((file, ids) -> {
                List<String> row = new ArrayList<>(ids);
                Grader.Grade g = byStudent.get(file);
                row.addAll(g == null ? List.of("") : points(g, tests, format.detail()));
                line(csv, row);
            });
        }
        return csv.toString();
    }

    /** Submissions the roster has no row for, by file name. */
    public static List<String> unlisted(Roster roster, List<String> students) {
        return students.stream().filter(s -> !roster.rows().containsKey(s)).toList();
    }

    private static List<String> points(Grader.Grade g, Set<String> tests, boolean detail) {
        List<TestResult> ts = g.report().tests();
        double[] pts = ts.stream().mapToDouble(TestResult::points).toArray();
        List<String> out = new ArrayList<>(List.of(Hundredths.format(Hundredths.total(pts))));
        if (detail) {
            out.add(Hundredths.format(Hundredths.total(ts.stream().mapToDouble(TestResult::maxPoints).toArray())));
            out.add(g.reason());
            long[] each = Hundredths.apportion(pts);
            Map<String, String> byName = new LinkedHashMap<>();
            for (int i = 0; i < ts.size(); i++) {
                byName.put(ts.get(i).name(), Hundredths.format(each[i]));
            }
            for (String t : tests) {
                out.add(byName.getOrDefault(t, ""));
            }
        }
        return out;
    }

    private static void line(StringBuilder csv, List<String> cells) {
        for (int i = 0; i < cells.size(); i++) {
            csv.append(i == 0 ? "" : ",").append(quote(cells.get(i)));
        }
        csv.append("\r\n");   // RFC 4180's line break
    }

    /** A cell, quoted when it holds a comma, quote or line break; one that a spreadsheet would run as a formula gets a leading apostrophe. */
    static String quote(String s) {
        if (s == null) {
            return "";
        }
        if (!s.isEmpty() && "=+-@".indexOf(s.charAt(0)) >= 0 && !s.matches("-?[0-9.]+")) {
            s = "'" + s;
        }
        return s.contains(",") || s.contains("\"") || s.contains("\n") || s.contains("\r") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }

    /** RFC 4180 fields: quoted fields may hold commas, doubled quotes and line breaks. */
    static List<List<String>> parse(String text) {
        List<List<String>> rows = new ArrayList<>();
        List<String> row = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        boolean any = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            any = true;
            if (quoted) {
                if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                row.add(field.toString());
                field.setLength(0);
            } else if (c == '\n' || c == '\r') {
                if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                    i++;
                }
                row.add(field.toString());
                field.setLength(0);
                if (!(row.size() == 1 && row.get(0).isEmpty())) {
                    rows.add(row);
                }
                row = new ArrayList<>();
                any = false;
            } else {
                field.append(c);
            }
        }
        if (any) {
            row.add(field.toString());
            rows.add(row);
        }
        return rows;
    }
}
