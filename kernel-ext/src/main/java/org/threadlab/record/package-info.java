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
 */
package org.threadlab.record;
