/**
 * Charts of recordings: {@link org.threadlab.chart.ThreadChart} draws lanes (or aggregated state
 * counts), a utilization strip and a time axis to PNG and SVG; {@link org.threadlab.chart.ChartStyle}
 * holds the shared look. Plain Java2D, no kernel API.
 */
package org.threadlab.chart;
