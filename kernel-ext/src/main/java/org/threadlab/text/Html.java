package org.threadlab.text;

import java.util.ArrayList;
import java.util.List;

/**
 * The one way ThreadLab writes HTML for people: escaping, and tables that read well wherever a
 * notebook's {@code text/html} output is shown. Every HTML format (a recording's summary, a
 * benchmark's table, a test report, the magics' list) is built with it.
 *
 * <pre>{@code
 * Html.Table t = new Html.Table().column("thread", false).column("cpu", true);
 * t.row("worker-1", Durations.format(12.5));
 * String html = Html.paragraph(Html.bold("split sum") + ": 2 threads") + t.render();
 * }</pre>
 *
 * <p>Where the output is shown decides the markup. JupyterLab, the classic Notebook and nbconvert
 * style tables with their own CSS (the classic Notebook centres tables and right-aligns every
 * cell); GitHub's notebook view removes {@code <style>}, scripts and most inline styles. So the
 * structure carries the meaning ({@code <th>} headers, {@code align} on every cell, a border
 * attribute where no CSS draws one) and inline styles only correct what a front end's CSS gets
 * wrong (left alignment, no centring), never anything a reader needs.
 *
 * <p>Stateless (a {@link Table} is a builder for one thread); the static methods are thread-safe.
 */
public final class Html {
    private Html() {
    }

    /**
     * Text safe inside HTML (and XML) elements and attribute values: {@code & < > " '} become
     * entities, and control characters XML 1.0 forbids (all below U+0020 but tab, newline and
     * carriage return) become U+FFFD, so a stray byte a test printed cannot break a report.
     */
    public static String escape(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            String r = switch (c) {
                case '&' -> "&amp;";
                case '<' -> "&lt;";
                case '>' -> "&gt;";
                case '"' -> "&quot;";
                case '\'' -> "&#39;";
                default -> c < 0x20 && c != '\t' && c != '\n' && c != '\r' ? "\uFFFD" : null;
            };
            if (r != null && b == null) {
                b = new StringBuilder(s.length() + 16).append(s, 0, i);
            }
            if (b != null) {
                if (r != null) {
                    b.append(r);
                } else {
                    b.append(c);
                }
            }
        }
        return b == null ? s : b.toString();
    }

    /** {@code <b>text</b>}, escaped. */
    public static String bold(String text) {
        return "<b>" + escape(text) + "</b>";
    }

    /** {@code <code>text</code>}, escaped. */
    public static String code(String text) {
        return "<code>" + escape(text) + "</code>";
    }

    /** A paragraph of HTML (already escaped), left-aligned even where the front end centres. */
    public static String paragraph(String html) {
        return "<p style=\"text-align:left;margin:0.4em 0\">" + html + "</p>";
    }

    /**
     * Preformatted text, escaped, wrapping long lines rather than widening the output; between
     * words where it can (JupyterLab's output style breaks anywhere: {@code t.star t()}).
     */
    public static String pre(String text) {
        return "<pre style=\"margin:0;white-space:pre-wrap;word-break:normal;overflow-wrap:anywhere;text-align:left\">"
                + escape(text) + "</pre>";
    }

    /** Text in a colour where styles are kept (the colour never carries meaning alone). */
    public static String coloured(String html, String cssColour) {
        return "<span style=\"color:" + cssColour + "\">" + html + "</span>";
    }

    /** An AWT colour as CSS {@code #rrggbb}. */
    public static String css(java.awt.Color c) {
        return String.format("#%02X%02X%02X", c.getRed(), c.getGreen(), c.getBlue());
    }

    /**
     * A table: named columns, each left-aligned (text) or right-aligned (numbers), then rows.
     * A row may end early with one cell that spans the remaining columns (a failure's reason), and
     * may carry a note shown under it across the whole width (a test's feedback).
     *
     * <p>A builder for one thread; {@link #render()} may be called more than once.
     */
    public static final class Table {
        private final List<String> heads = new ArrayList<>();
        private final List<Boolean> right = new ArrayList<>();
        private final List<Row> rows = new ArrayList<>();

        private record Row(List<String> cells, String note) {
        }

        /** Adds a column; {@code numeric} columns are right-aligned. Its heading is text, escaped. */
        public Table column(String heading, boolean numeric) {
            return columnHtml(escape(heading), numeric);
        }

        /** Adds a column whose heading is HTML (a colour swatch before a state's name, say). */
        public Table columnHtml(String headingHtml, boolean numeric) {
            heads.add(headingHtml);
            right.add(numeric);
            return this;
        }

        public int columns() {
            return heads.size();
        }

        /** A row of text cells, escaped. Fewer cells than columns: the last spans the rest. */
        public Table row(String... cells) {
            return rowHtml(escapeAll(cells), null);
        }

        /** A row of text cells, escaped, with a note (HTML) under it across the table. */
        public Table rowWithNote(String noteHtml, String... cells) {
            return rowHtml(escapeAll(cells), noteHtml);
        }

        /** A row of HTML cells; {@code noteHtml} (or null) shows under it across the table. */
        public Table rowHtml(List<String> cellsHtml, String noteHtml) {
            if (cellsHtml.isEmpty() || cellsHtml.size() > heads.size()) {
                throw new IllegalArgumentException("a row needs 1 to " + heads.size() + " cells, not " + cellsHtml.size());
            }
            rows.add(new Row(List.copyOf(cellsHtml), noteHtml));
            return this;
        }

        public String render() {
            StringBuilder s = new StringBuilder(256 + rows.size() * 96);
            // border/cellpadding: the look where no CSS applies; front ends' CSS replaces them
            s.append("<table border=\"1\" cellpadding=\"4\" style=\"border-collapse:collapse;margin:0.4em 0;"
                    + "margin-left:0;margin-right:auto\">\n<thead><tr>");
            for (int c = 0; c < heads.size(); c++) {
                s.append("<th").append(align(c)).append('>').append(heads.get(c)).append("</th>");
            }
            s.append("</tr></thead>\n<tbody>\n");
            for (Row r : rows) {
                s.append("<tr>");
                for (int c = 0; c < r.cells().size(); c++) {
                    boolean spans = c == r.cells().size() - 1 && r.cells().size() < heads.size();
                    s.append("<td");
                    if (spans) {
                        s.append(" colspan=\"").append(heads.size() - c).append("\" align=\"left\" style=\"text-align:left\"");
                    } else {
                        s.append(align(c));
                    }
                    s.append('>').append(r.cells().get(c)).append("</td>");
                }
                s.append("</tr>\n");
                if (r.note() != null && !r.note().isEmpty()) {
                    s.append("<tr><td colspan=\"").append(heads.size()).append("\" align=\"left\" style=\"text-align:left\">")
                            .append(r.note()).append("</td></tr>\n");
                }
            }
            return s.append("</tbody>\n</table>").toString();
        }

        private String align(int column) {
            return right.get(column) ? " align=\"right\" style=\"text-align:right\"" : " align=\"left\" style=\"text-align:left\"";
        }

        private static List<String> escapeAll(String[] cells) {
            List<String> out = new ArrayList<>(cells.length);
            for (String c : cells) {
                out.add(escape(c));
            }
            return out;
        }
    }
}
