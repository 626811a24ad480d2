package org.threadlab.record;

import java.util.ArrayList;
import java.util.List;
import org.threadlab.text.Html;

/**
 * Renders a {@link Recording} as the {@code text/html} summary shown under its chart: the same
 * figures as {@link SummaryText} (headline, time by state, a row per thread), as a table a browser,
 * an HTML export and GitHub show. State columns in which no thread spent any time are left out
 * of the table (the time-by-state line names every state that occurred).
 *
 * <p>Stateless apart from the recording it renders; one instance per rendering.
 */
final class SummaryHtml {
    private static final ThreadState[] STATES = ThreadState.values();
    private final Recording r;

    SummaryHtml(Recording r) {
        this.r = r;
    }

    String render(int maxRows) {
        StringBuilder b = new StringBuilder("<div class=\"threadlab-summary\">\n");
        String figures = Html.escape(SummaryText.figures(r));
        b.append(Html.paragraph(r.title().isEmpty() ? figures : Html.bold(r.title()) + ": " + figures)).append('\n');
        b.append(Html.paragraph("time by state (all threads): " + Html.escape(SummaryText.byState(r.summary())))).append('\n');
        int rows = Math.min(maxRows, r.threads().size());
        if (rows == 0) {
            return b.append(Html.paragraph("no threads were started")).append("\n</div>").toString();
        }
        List<ThreadState> shown = new ArrayList<>();
        for (ThreadState st : STATES) {
            for (int i = 0; i < rows; i++) {
                if (r.msIn(i, st) > 0) {
                    shown.add(st);
                    break;
                }
            }
        }
        Html.Table table = new Html.Table().column("thread", false).column("kind", false).column("origin", false)
                .column("start", true).column("end", true).column("CPU", true);
        for (ThreadState st : shown) {
            // the swatch is the chart's colour where styles are kept; the name says the state everywhere
            table.columnHtml(Html.coloured("■", Html.css(st.color())) + "&nbsp;" + Html.escape(st.label()), true);
        }
        for (int i = 0; i < rows; i++) {
            ThreadRecord t = r.threads().get(i);
            List<String> cells = new ArrayList<>(List.of(Html.code(t.label()), t.virtual() ? "virtual" : "platform",
                    Html.escape(t.origin()), Html.escape(SummaryText.duration(t.startMs())),
                    t.ended() ? Html.escape(SummaryText.duration(t.endMs())) : "alive",
                    t.cpuNanos() < 0 ? "n/a" : Html.escape(SummaryText.duration(t.cpuNanos() / 1e6))));
            for (ThreadState st : shown) {
                cells.add(Html.escape(SummaryText.duration(r.msIn(i, st))));
            }
            table.rowHtml(cells, null);
        }
        b.append(table.render()).append('\n');
        if (rows < r.threads().size()) {
            b.append(Html.paragraph(Html.escape(SummaryText.notListed(r, rows)))).append('\n');
        }
        if (r.summary().virtualThreads() > 0) {
            b.append(Html.paragraph(Html.escape(r.virtualNote()))).append('\n');
        }
        return b.append("</div>").toString();
    }
}
