/**
 * Recording what a cell's threads did.
 *
 * <pre>{@code
 * Recording r = new Recorder().record("split sum", () -> splitSum(2));
 * r.summaryText();                 // text/plain summary with a per-thread table
 * r.intervals();                   // thread, state, start_ms, end_ms
 * r.writeCsv(Path.of("t.csv"));    // same intervals as CSV
 * r.writeTraceJson(Path.of("t.json")); // Chrome / Perfetto trace events
 * }</pre>
 *
 * <p>{@link org.threadlab.record.Recorder} produces a {@link org.threadlab.record.Recording}, an
 * immutable value; everything else (charts in {@code org.threadlab.chart}, the summary, the
 * exports) renders that value. A state's meaning and colour live in
 * {@link org.threadlab.record.ThreadState}. Nothing here touches the Jupyter kernel API.
 *
 * <p>Inside, one job per class, as a profiler separates reading, aggregating and output: the
 * JFR file is read into plain values ({@code JfrEventReader}, the only reader of {@code jdk.jfr}
 * events, with every event name in {@code JfrEventNames}; it reads the chunk format itself with
 * {@code JfrChunkParser} and {@code JfrLayouts}, and falls back to JFR's {@code RecordingFile}); {@code ThreadSelection} picks the lanes;
 * {@code LaneLayout} and {@code LaneFiller} lay them out from those events and the
 * {@code CpuSamples}; {@code CoreUtilization} measures the busy cores; {@code RecordingAssembler}
 * runs these steps. Exports are {@code RecordingFormat}s.
 */
package org.threadlab.record;
