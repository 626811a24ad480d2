package org.threadlab.jupyter;

import java.io.IOException;
import java.nio.file.Path;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.threadlab.chart.ThreadChart;
import org.threadlab.record.Recording;

/**
 * How a {@link Recording} is shown under a cell and written to files: the lanes chart as PNG
 * (and SVG on request) with the text summary in the same bundle; CSV and trace-event JSON.
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
