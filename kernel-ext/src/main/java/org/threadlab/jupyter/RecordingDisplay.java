package org.threadlab.jupyter;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.threadlab.ThreadLab;
import org.threadlab.chart.ThreadChart;
import org.threadlab.record.Recorder;
import org.threadlab.record.Recording;
import org.threadlab.text.Durations;

/**
 * How a {@link Recording} is made from cell code, shown under a cell and written to files: the
 * lanes chart as PNG (and SVG on request) with the text summary in the same bundle; CSV and
 * trace-event JSON.
 */
final class RecordingDisplay {
    private RecordingDisplay() {
    }

    static DisplayData bundle(Recording recording, ThreadChart chart, boolean svg) {
        byte[] png = chart.png(recording);
        ThreadChart.Layout layout = chart.layout(recording);
        return DisplayBundle.of(recording.summaryText(), png, svg ? chart.svg(recording) : null,
                layout.width(), layout.height());
    }

    /**
     * Runs {@code code} as cell code under the recorder, keeps the recording as
     * {@code ThreadLab.lastRecording()}, shows the chart, lets {@code afterShown} export or bind
     * it, and returns the code's value. A timeout or a failure is raised after the chart, so what
     * was recorded until then stays visible.
     */
    static Object recordCell(Kernel kernel, String magic, String title, String code, double timeoutSeconds,
            ThreadChart chart, boolean svg, Consumer<Recording> afterShown) throws Exception {
        Object[] value = new Object[1];
        Recording recording = new Recorder(Recorder.Options.defaults()
                .withTimeout(Duration.ofMillis((long) (timeoutSeconds * 1000))))
                .record(title, () -> value[0] = kernel.evalRaw(code));
        ThreadLab.rememberRecording(recording);
        kernel.display(bundle(recording, chart, svg));
        afterShown.accept(recording);
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
