package org.threadlab.jupyter;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.threadlab.ThreadLab;
import org.threadlab.chart.ThreadChart;
import org.threadlab.record.PhaseLog;
import org.threadlab.record.Recorder;
import org.threadlab.record.Recording;
import org.threadlab.text.Durations;
import org.threadlab.text.Html;

/**
 * How a {@link Recording} is made from cell code, shown under a cell and written to files: the
 * lanes chart as PNG (and SVG on request), then the summary as an HTML table (and text), each a
 * display of its own so that both show in every front end; CSV and trace-event JSON.
 */
final class RecordingDisplay {
    private RecordingDisplay() {
    }

    /** Renders a summary while the cell's thread draws and encodes the chart, on the other core. */
    private static final ExecutorService SUMMARIES = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().daemon().name("threadlab-summary").factory());

    /**
     * Shows the chart, then the summary; above the lane limit the summary starts by saying so.
     * With {@code -Dthreadlab.phases}, the phase "summary" is the wait for the summary rendered meanwhile.
     */
    static void show(Kernel kernel, Recording recording, ThreadChart chart, boolean svg) {
        ThreadChart.Layout layout = chart.layout(recording);
        CompletableFuture<DisplayData> summary = CompletableFuture.supplyAsync(() -> summary(recording, layout),
                SUMMARIES);
        String what = layout.aggregated()
                ? ThreadChart.aggregatedNote(recording.threads().size(), layout.maxLanes())
                : "a lane per thread coloured by state";
        byte[] png = chart.png(recording, layout); // marks the phases "draw" and "png"
        kernel.display(DisplayBundle.chart("Chart: " + String.join(" ", layout.titleLines()) + " (" + what
                + "; busy cores below)", png, layout.width(), layout.height(), svg ? chart.svg(recording) : null));
        PhaseLog.mark("display-chart");
        DisplayData table;
        try {
            table = summary.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
        PhaseLog.mark("summary");
        kernel.display(table);
        PhaseLog.mark("display-table");
    }

    /** The summary table as text and HTML. */
    private static DisplayData summary(Recording recording, ThreadChart.Layout layout) {
        String text = recording.summaryText();
        String html = recording.summaryHtml();
        if (layout.aggregated()) {
            int n = recording.threads().size();
            String note = ThreadChart.aggregatedNote(n, layout.maxLanes()) + "; --lanes " + n + " draws a lane for each.";
            text = note + "\n" + text;
            html = Html.paragraph(Html.escape(ThreadChart.aggregatedNote(n, layout.maxLanes()) + "; ")
                    + Html.code("--lanes " + n) + " draws a lane for each.") + "\n" + html;
        }
        return DisplayBundle.table(text, html);
    }

    /**
     * Runs {@code code} as cell code under the recorder, keeps the recording as
     * {@code ThreadLab.lastRecording()}, shows the chart and the summary, lets {@code afterShown}
     * export or bind it, and returns the code's value. A timeout or a failure is raised after
     * them, so what was recorded until then stays visible.
     */
    static Object recordCell(Kernel kernel, String magic, String title, String code, double timeoutSeconds,
            ThreadChart chart, boolean svg, Consumer<Recording> afterShown) throws Exception {
        Object[] value = new Object[1];
        PhaseLog.begin();
        Recording recording = new Recorder(Recorder.Options.defaults()
                .withTimeout(Duration.ofMillis((long) (timeoutSeconds * 1000))))
                .record(title, () -> value[0] = kernel.evalRaw(code));
        ThreadLab.rememberRecording(recording);
        show(kernel, recording, chart, svg);
        afterShown.accept(recording);
        PhaseLog.flush(magic);
        if (recording.timedOut()) {
            kernel.interrupt(); // threads the code left running are stopped as by Kernel > Interrupt
            throw new TimeoutException(magic + " stopped the cell after " + Durations.format(timeoutSeconds * 1000)
                    + " (--timeout); the chart above shows what was recorded until then.");
        }
        if (recording.failure().isPresent()) {
            Throwable t = recording.failure().get();
            if (t instanceof Exception e) {
                throw e;
            }
            throw new IllegalStateException(t.toString(), t);
        }
        return value[0];
    }

    static void export(Recording recording, String csv, String trace) {
        try {
            if (csv != null) {
                recording.writeCsv(Path.of(csv));
            }
            if (trace != null) {
                recording.writeTraceJson(Path.of(trace));
            }
        } catch (IOException | java.nio.file.InvalidPathException e) {
            throw new IllegalStateException("could not write the export: " + e.getMessage(), e);
        }
    }
}
