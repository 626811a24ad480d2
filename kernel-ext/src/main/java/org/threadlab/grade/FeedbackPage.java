package org.threadlab.grade;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.threadlab.diagnosis.ValueText;
import org.threadlab.text.Durations;
import org.threadlab.text.Html;

/**
 * The page a student reads after {@code ./threadlab grade} ({@code STUDENT/feedback.html}): a
 * summary (score, tests passed, points per task, why grading stopped), then each task (an
 * nbgrader {@code grade_id} or a test class) with its points, its failing tests first and
 * highlighted, each failure with its message, expected and actual, and the student's own cell
 * quoted with the failing line marked; tests that never ran are listed once, with the one reason.
 *
 * <pre>{@code
 * String html = FeedbackPage.html(grade, printed); // printed: what the notebook wrote, capped
 * }</pre>
 *
 * <p>Only the student's cells are quoted; frames in hidden test code (cells the grader numbers
 * from 10000, JUnit's generated {@code JUnitCell}) and message lines that repeat a line of the
 * hidden tests' source are left out, so nothing of the hidden tests is shown but their names,
 * messages and points. The page is self-contained HTML (no script, no external file) and reads
 * at a laptop's width: the first failing test is visible without scrolling.
 *
 * <p>Stateless and thread-safe.
 */
public final class FeedbackPage {
    /** What the notebook printed that the page shows, at most. */
    static final int PRINTED_CAP = 20_000;
    /** Lines of a long cell shown around a marked line. */
    private static final int CONTEXT_LINES = 5;
    private static final Pattern CELL_LINE = Pattern.compile("\\(cell \\[(\\d+)\\], line (\\d+)\\)");
    private static final Pattern CELL_NAMED = Pattern.compile("(?<!test )\\bcell (\\d+)\\b"); // "cell 8", not "hidden test cell 4"
    private static final String FAILED_COLOUR = "#B03A00";
    private static final String PASSED_COLOUR = "#007A5A";

    /**
     * One task's tests, as graded.
     *
     * @param name  its {@code grade_id}, test class, or {@code test cell N}
     * @param tests its tests, in the order they ran
     * @param ran   false when its tests never ran (the notebook hung, exited, ...): each then holds the reason
     */
    public record Task(String name, List<TestResult> tests, boolean ran) {
        public Task {
            tests = List.copyOf(tests);
        }

        double points() {
            return tests.stream().mapToDouble(TestResult::points).sum();
        }

        double maxPoints() {
            return tests.stream().mapToDouble(TestResult::maxPoints).sum();
        }

        boolean failing() {
            return tests.stream().anyMatch(t -> t.status() == TestResult.Status.FAILED);
        }
    }

    /**
     * What the page shows beyond the report.
     *
     * @param cells  the student's code cells by their number in the notebook (every cell counted, as Jupyter shows them)
     * @param tasks  the tests by task; empty: one task holding the whole report
     * @param notes  why grading did not go as planned (a stopped cell, System.exit, ...), one a sentence
     * @param hidden lines of the hidden tests' source, never shown
     */
    public record Context(Map<Integer, String> cells, List<Task> tasks, List<String> notes, Set<String> hidden) {
        public static final Context NONE = new Context(Map.of(), List.of(), List.of(), Set.of());

        public Context {
            cells = Map.copyOf(cells);
            tasks = List.copyOf(tasks);
            notes = List.copyOf(notes);
            hidden = Set.copyOf(hidden);
        }

        public Context(Map<Integer, String> cells, List<Task> tasks, List<String> notes) {
            this(cells, tasks, notes, Set.of());
        }
    }

    private FeedbackPage() {
    }

    /** The page of {@code g}; {@code printed} is what the notebook wrote (cut at {@value #PRINTED_CAP} characters). */
    public static String html(Grader.Grade g, String printed) {
        Context ctx = g.feedback() == null ? Context.NONE : g.feedback();
        List<Task> tasks = ctx.tasks().isEmpty() ? List.of(new Task("tests", g.report().tests(), true)) : ctx.tasks();
        List<String> notes = ctx.notes().isEmpty() && !g.reason().isEmpty() ? List.of(g.reason()) : ctx.notes();
        StringBuilder s = new StringBuilder(8192);
        s.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                .append("<title>Feedback: ").append(Html.escape(g.student())).append("</title>\n<style>\n").append(STYLE).append("</style></head>\n<body>\n");
        summary(s, g, tasks, notes, ctx);
        List<Task> ran = tasks.stream().filter(Task::ran).toList();
        // failing tasks first, each in the notebook's order
        List<Task> order = new ArrayList<>(ran.stream().filter(Task::failing).toList());
        order.addAll(ran.stream().filter(t -> !t.failing()).toList());
        for (Task t : order) {
            task(s, t, ctx);
        }
        neverRan(s, tasks.stream().filter(t -> !t.ran()).toList(), notes, ctx);
        if (printed != null && !printed.isBlank()) {
            String shown = printed.length() > PRINTED_CAP ? printed.substring(0, PRINTED_CAP) + "\n[…]" : printed;
            s.append("<section class=\"printed\"><h2>What your notebook printed</h2>\n<pre class=\"out\">")
                    .append(Html.escape(redact(shown, ctx))).append("</pre></section>\n");
        }
        return s.append("</body></html>\n").toString();
    }

    private static void summary(StringBuilder s, Grader.Grade g, List<Task> tasks, List<String> notes, Context ctx) {
        TestReport r = g.report();
        s.append("<header id=\"summary\">\n<h1>").append(Html.escape(g.student())).append(": ")
                .append(ReportTable.points(r.points())).append(" / ").append(ReportTable.points(r.maxPoints()))
                .append(" points</h1>\n<p class=\"counts\">").append(r.passed()).append(" of ").append(r.tests().size())
                .append(" tests passed");
        if (r.failed() > 0) {
            s.append(", <b class=\"bad\">").append(r.failed()).append(" failed</b>");
        }
        if (r.skipped() > 0) {
            s.append(", ").append(r.skipped()).append(" skipped");
        }
        s.append(".</p>\n<ul class=\"tasks\">");
        for (Task t : tasks) {
            String state = !t.ran() ? "never ran" : t.failing() ? "failing" : "passed";
            s.append("<li class=\"").append(t.ran() && !t.failing() ? "ok" : "bad").append("\"><a href=\"#").append(anchor(t.name()))
                    .append("\">").append(Html.escape(t.name())).append("</a> <span class=\"pts\">")
                    .append(ReportTable.points(t.points())).append('/').append(ReportTable.points(t.maxPoints()))
                    .append("</span> <span class=\"state\">").append(state).append("</span></li>");
        }
        s.append("</ul>\n");
        if (!notes.isEmpty()) {
            s.append("<div class=\"note\">");
            for (String note : notes) {
                s.append("<p>").append(Html.escape(redact(ValueText.withoutWrapperNames(note), ctx))).append("</p>");
            }
            quoteCells(s, String.join("\n", notes), ctx, true); // each cell the notes name, once
            s.append("</div>\n");
        }
        s.append("</header>\n");
    }

    private static void task(StringBuilder s, Task t, Context ctx) {
        s.append("<section class=\"task\" id=\"").append(anchor(t.name())).append("\">\n<h2>").append(Html.escape(t.name()))
                .append(" <span class=\"pts\">").append(ReportTable.points(t.points())).append(" / ")
                .append(ReportTable.points(t.maxPoints())).append(" points</span></h2>\n")
                .append("<table>\n<thead><tr><th>test</th><th>result</th><th class=\"num\">time</th><th class=\"num\">points</th></tr></thead>\n<tbody>\n");
        List<TestResult> tests = new ArrayList<>(t.tests().stream().filter(x -> x.status() == TestResult.Status.FAILED).toList());
        tests.addAll(t.tests().stream().filter(x -> x.status() != TestResult.Status.FAILED).toList());
        for (TestResult r : tests) {
            String cls = switch (r.status()) {
                case PASSED -> "passed";
                case FAILED -> "failed";
                case SKIPPED -> "skipped";
            };
            String mark = switch (r.status()) {
                case PASSED -> "✔ passed";
                case FAILED -> "✘ failed";
                case SKIPPED -> "– skipped";
            };
            s.append("<tr class=\"").append(cls).append("\"><td class=\"name\"><code>").append(Html.escape(r.test()))
                    .append("</code></td><td class=\"status\">").append(mark).append("</td><td class=\"num\">")
                    .append(Html.escape(Durations.format(r.millis()))).append("</td><td class=\"num\">")
                    .append(ReportTable.points(r.points())).append('/').append(ReportTable.points(r.maxPoints())).append("</td></tr>\n");
            if (r.status() != TestResult.Status.PASSED && !r.message().isEmpty() || !r.frames().isEmpty() && !r.passed()) {
                s.append("<tr class=\"detail ").append(cls).append("\"><td colspan=\"4\">");
                failure(s, r, ctx);
                s.append("</td></tr>\n");
            }
        }
        s.append("</tbody>\n</table>\n</section>\n");
    }

    private static void failure(StringBuilder s, TestResult r, Context ctx) {
        String message = redact(ValueText.withoutWrapperNames(r.message()), ctx);
        if (!message.isBlank()) {
            s.append("<pre class=\"why\">").append(Html.escape(message)).append("</pre>");
        }
        if ((r.expected() != null || r.actual() != null) && !r.message().contains("but was")) {
            s.append("<dl class=\"values\"><dt>expected</dt><dd><code>").append(Html.escape(ValueText.withoutWrapperNames(r.expected())))
                    .append("</code></dd><dt>actual</dt><dd><code>").append(Html.escape(ValueText.withoutWrapperNames(r.actual())))
                    .append("</code></dd></dl>");
        }
        List<String> frames = ownFrames(r.frames(), ctx);
        if (!frames.isEmpty()) {
            s.append("<pre class=\"frames\">");
            for (String f : frames) {
                s.append("at ").append(Html.escape(f)).append('\n');
            }
            s.append("</pre>");
        }
        quoteCells(s, r.message() + "\n" + String.join("\n", frames), ctx, false);
    }

    /** The student's frames ({@code Bank.transfer (cell [6], line 4)}), without those in hidden test code. */
    static List<String> ownFrames(String frames, Context ctx) {
        List<String> out = new ArrayList<>();
        for (String line : frames.split("\n")) {
            String f = line.strip();
            if (f.startsWith("at ")) {
                f = f.substring(3);
            }
            if (f.isEmpty() || f.startsWith("JUnitCell.") || f.contains("JUnitCell$")) {
                continue;
            }
            Matcher m = CELL_LINE.matcher(f);
            if (m.find() && !studentCell(Integer.parseInt(m.group(1)), ctx)) {
                continue;
            }
            out.add(ValueText.withoutWrapperNames(f));
        }
        return out;
    }

    private static boolean studentCell(int cell, Context ctx) {
        return ctx.cells().isEmpty() ? cell < 10_000 : ctx.cells().containsKey(cell);
    }

    /**
     * Quotes each student cell {@code text} names, with the lines it names marked: frames
     * {@code (cell [6], line 4)}, or (in a note) {@code cell 8} and any lines of it named.
     */
    private static void quoteCells(StringBuilder s, String text, Context ctx, boolean named) {
        Map<Integer, Set<Integer>> marks = new LinkedHashMap<>();
        Matcher m = CELL_LINE.matcher(text);
        while (m.find()) {
            int cell = Integer.parseInt(m.group(1));
            if (ctx.cells().containsKey(cell)) {
                marks.computeIfAbsent(cell, k -> new TreeSet<>()).add(Integer.parseInt(m.group(2)));
            }
        }
        if (named) {
            Matcher n = CELL_NAMED.matcher(text);
            while (n.find()) {
                int cell = Integer.parseInt(n.group(1));
                if (ctx.cells().containsKey(cell)) {
                    marks.computeIfAbsent(cell, k -> new TreeSet<>());
                }
            }
        }
        int shown = 0;
        for (var e : marks.entrySet()) {
            if (shown++ == 2) {
                break; // the innermost two cells say where; more is noise
            }
            quote(s, e.getKey(), ctx.cells().get(e.getKey()), e.getValue());
        }
    }

    /** One cell, numbered as the notebook shows it, lines numbered, the {@code marked} ones highlighted. */
    static void quote(StringBuilder s, int cell, String source, Set<Integer> marked) {
        String[] lines = source.stripTrailing().split("\n", -1);
        int from = 1;
        int to = lines.length;
        if (lines.length > 2 * CONTEXT_LINES + 3 && !marked.isEmpty()) {
            from = Math.max(1, marked.stream().min(Integer::compare).orElseThrow() - CONTEXT_LINES);
            to = Math.min(lines.length, marked.stream().max(Integer::compare).orElseThrow() + CONTEXT_LINES);
        }
        s.append("<figure class=\"cell\"><figcaption>your cell ").append(cell)
                .append(marked.isEmpty() ? "" : ", line " + String.join(", ", marked.stream().map(String::valueOf).toList()))
                .append("</figcaption><pre class=\"code\">");
        if (from > 1) {
            s.append("<span class=\"gap\">      …</span>");
        }
        for (int i = from; i <= to; i++) {
            boolean mark = marked.contains(i);
            s.append(mark ? "<mark class=\"line\">" : "<span class=\"line\">")
                    .append(String.format("%s%3d  ", mark ? "▶" : " ", i)).append(Html.escape(lines[i - 1]))
                    .append(mark ? "</mark>" : "</span>"); // each a block: no newline between them
        }
        if (to < lines.length) {
            s.append("<span class=\"gap\">      …</span>");
        }
        s.append("</pre></figure>");
    }

    /** Tasks whose tests never ran: listed once, with their reason said once. */
    private static void neverRan(StringBuilder s, List<Task> tasks, List<String> notes, Context ctx) {
        if (tasks.isEmpty()) {
            return;
        }
        Set<String> reasons = new LinkedHashSet<>();
        tasks.forEach(t -> t.tests().forEach(x -> reasons.add(x.message())));
        String why = String.join(notes.containsAll(reasons) ? "" : "; ", notes.containsAll(reasons) ? List.of("They did not run for the reason at the top")
                : reasons.stream().map(r -> redact(ValueText.withoutWrapperNames(r), ctx)).toList());
        s.append("<section class=\"task never\" id=\"never-ran\"><h2>Tests that never ran</h2>\n<pre class=\"why\">")
                .append(Html.escape(why)).append("</pre>\n<p>They score 0 until they can run:</p>\n<ul>");
        for (Task t : tasks) {
            s.append("<li id=\"").append(anchor(t.name())).append("\"><b>").append(Html.escape(t.name())).append("</b> (")
                    .append(ReportTable.points(t.maxPoints())).append(" points): ");
            s.append(String.join(", ", t.tests().stream().map(x -> "<code>" + Html.escape(x.name()) + "</code>").toList()));
            s.append("</li>");
        }
        s.append("</ul></section>\n");
    }

    /** {@code text} without the lines that repeat a line of the hidden tests' source (a compiler's quote of it). */
    static String redact(String text, Context ctx) {
        if (ctx.hidden().isEmpty()) {
            return text;
        }
        List<String> kept = new ArrayList<>();
        boolean dropped = false;
        for (String line : text.split("\n", -1)) {
            String key = line.strip();
            if (key.length() >= 6 && ctx.hidden().contains(key)) {
                dropped = true;
                continue;
            }
            if (dropped && key.matches("\\^+")) {
                continue; // the compiler's caret under the line left out
            }
            dropped = false;
            kept.add(line);
        }
        return String.join("\n", kept);
    }

    private static String anchor(String name) {
        return "task-" + name.replaceAll("[^A-Za-z0-9_-]", "_");
    }

    private static final String STYLE = """
            body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; font-size: 15px; line-height: 1.45;
                   color: #1d1d1f; max-width: 62rem; margin: 0 auto; padding: 1.2rem 1.5rem 3rem; }
            h1 { font-size: 1.5rem; margin: 0 0 0.3rem; }
            h2 { font-size: 1.15rem; margin: 1.6rem 0 0.5rem; }
            .pts { font-weight: normal; color: #555; white-space: nowrap; }
            .counts { margin: 0 0 0.6rem; } .bad { color: %1$s; } .ok { color: %2$s; }
            ul.tasks { list-style: none; padding: 0; margin: 0.4rem 0; display: flex; flex-wrap: wrap; gap: 0.4rem 0.6rem; }
            ul.tasks li { border: 1px solid #ddd; border-radius: 4px; padding: 0.2rem 0.6rem; white-space: nowrap; }
            ul.tasks li.bad { border-color: %1$s; background: #FFF4EE; } ul.tasks li.ok { background: #F0FAF6; }
            ul.tasks a { color: inherit; font-weight: 600; } .state { font-size: 0.85em; color: #555; }
            .note { border-left: 4px solid %1$s; background: #FFF4EE; padding: 0.5rem 0.8rem; margin: 0.6rem 0; }
            .note p { margin: 0 0 0.3rem; }
            table { border-collapse: collapse; width: 100%%; }
            th, td { padding: 0.45rem 0.7rem; text-align: left; vertical-align: top; border-bottom: 1px solid #e4e4e4; }
            th { font-size: 0.85em; color: #555; border-bottom: 2px solid #ccc; }
            td.num, th.num { text-align: right; white-space: nowrap; width: 6rem; }
            td.status { white-space: nowrap; width: 7rem; font-weight: 600; }
            tr.passed td.status { color: %2$s; } tr.skipped td.status { color: #666; }
            tr.failed td { background: #FFF4EE; } tr.failed td.status { color: %1$s; }
            tr.failed td:first-child { border-left: 4px solid %1$s; }
            tr.detail td { border-bottom: 2px solid #e4e4e4; padding-top: 0; }
            pre { margin: 0.3rem 0; white-space: pre-wrap; overflow-wrap: anywhere; font-size: 0.9em; }
            pre.why { font-family: inherit; font-size: 1em; font-weight: 600; }
            pre.frames { color: #444; }
            dl.values { display: grid; grid-template-columns: max-content 1fr; gap: 0.1rem 0.8rem; margin: 0.3rem 0; }
            dl.values dt { color: #555; } dl.values dd { margin: 0; }
            figure.cell { margin: 0.4rem 0 0.6rem; border: 1px solid #ccc; border-radius: 4px; background: #fafafa; }
            figure.cell figcaption { font-size: 0.85em; color: #555; padding: 0.2rem 0.6rem; border-bottom: 1px solid #e4e4e4; }
            pre.code { margin: 0; padding: 0.4rem 0; white-space: pre; overflow-x: auto; }
            pre.code .line, pre.code mark, pre.code .gap { display: block; padding: 0 0.6rem; }
            pre.code mark { background: #FFE1CC; color: inherit; font-weight: 600; }
            section.never ul { padding-left: 1.2rem; }
            pre.out { background: #f6f6f6; padding: 0.8rem; }
            """.formatted(FAILED_COLOUR, PASSED_COLOUR);
}
