package org.threadlab.grade;

import org.threadlab.json.Json;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The cells of a Jupyter notebook ({@code .ipynb}, nbformat 4), read-only.
 *
 * <pre>{@code
 * for (Notebook.Cell c : Notebook.read(Path.of("hw1.ipynb")).cells()) { ... }
 * }</pre>
 *
 * <p>Immutable.
 */
public record Notebook(List<Cell> cells) {

    /**
     * One cell.
     *
     * @param type     "code", "markdown" or "raw"
     * @param source   its text
     * @param nbgrader its {@code metadata.nbgrader}, or an empty map
     * @param threadlab its {@code metadata.threadlab}, or an empty map
     */
    public record Cell(String type, String source, Map<String, Object> nbgrader, Map<String, Object> threadlab) {
        public Cell(String type, String source, Map<String, Object> nbgrader) {
            this(type, source, nbgrader, Map.of());
        }

        /** {@code metadata.threadlab.visibility}: when Gradescope shows this hidden test cell's tests to the student, or null. */
        public String visibility() {
            Object v = threadlab.get("visibility");
            return v == null ? null : v.toString();
        }

        public boolean code() {
            return type.equals("code");
        }

        /** nbgrader: an autograded test cell (its points count). */
        public boolean gradeCell() {
            return Boolean.TRUE.equals(nbgrader.get("grade")) && !Boolean.TRUE.equals(nbgrader.get("solution"));
        }

        public boolean locked() {
            return Boolean.TRUE.equals(nbgrader.get("locked"));
        }

        public String gradeId() {
            Object id = nbgrader.get("grade_id");
            return id == null ? null : id.toString();
        }

        /** nbgrader's {@code points}, or NaN. */
        public double points() {
            return nbgrader.get("points") instanceof Double d ? d : Double.NaN;
        }

        public boolean junit() {
            return source.stripLeading().startsWith("%%junit");
        }
    }

    public Notebook {
        cells = List.copyOf(cells);
    }

    /** Reads a notebook without changing it (nor its modification time). */
    @SuppressWarnings("unchecked")
    public static Notebook read(Path file) throws IOException {
        Object parsed;
        try {
            parsed = Json.parse(new String(Files.readAllBytes(file), java.nio.charset.StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            throw new IOException(file.getFileName() + " is not a notebook: " + e.getMessage(), e);
        }
        if (!(parsed instanceof Map<?, ?> root) || !(root.get("cells") instanceof List<?> raw)) {
            throw new IOException(file.getFileName() + " is not a notebook: it has no \"cells\" list.");
        }
        List<Cell> cells = new ArrayList<>();
        for (Object o : raw) {
            if (!(o instanceof Map<?, ?>)) {
                throw new IOException(file.getFileName() + " is not a notebook: cell " + (cells.size() + 1) + " is not an object.");
            }
            Map<String, Object> c = (Map<String, Object>) o;
            Object src = c.get("source");
            if (!(src == null || src instanceof String || src instanceof List<?> l && l.stream().allMatch(x -> x instanceof String))) {
                throw new IOException(file.getFileName() + " is not a notebook: the source of cell " + (cells.size() + 1)
                        + " is neither text nor a list of lines.");
            }
            String source = src instanceof List<?> lines ? String.join("", (List<String>) lines) : src == null ? "" : (String) src;
            Map<String, Object> meta = c.get("metadata") instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
            Map<String, Object> nb = meta.get("nbgrader") instanceof Map<?, ?> n ? (Map<String, Object>) n : Map.of();
            Map<String, Object> tl = meta.get("threadlab") instanceof Map<?, ?> t ? (Map<String, Object>) t : Map.of();
            cells.add(new Cell(String.valueOf(c.get("cell_type")), source, nb, tl));
        }
        return new Notebook(cells);
    }
}
