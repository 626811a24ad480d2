package org.threadlab.chart;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Tick positions and labels for a time axis starting at 0: round steps (1, 2, 5 × 10ⁿ), in ms
 * below two seconds and in s above. Its labels are its own, not {@code text.Durations}: every
 * tick of an axis shares one unit and one precision, taken from the step. Immutable.
 */
final class TimeAxis {
    private final double stepMs;
    private final double spanMs;
    private final boolean seconds;

    private TimeAxis(double stepMs, double spanMs, boolean seconds) {
        this.stepMs = stepMs;
        this.spanMs = spanMs;
        this.seconds = seconds;
    }

    static TimeAxis of(double spanMs, int maxTicks) {
        double raw = spanMs / Math.max(1, maxTicks);
        return new TimeAxis(niceStep(raw), spanMs, spanMs >= 2000);
    }

    static double niceStep(double raw) {
        double p = Math.pow(10, Math.floor(Math.log10(raw)));
        for (double m : new double[] {1, 2, 5, 10}) {
            if (m * p >= raw) {
                return m * p;
            }
        }
        return 10 * p;
    }

    /** A round number at or above {@code v} for a count axis. */
    static double niceCeiling(double v) {
        double step = niceStep(v / 4);
        return Math.max(step, Math.ceil(v / step) * step);
    }

    List<Double> ticks() {
        List<Double> out = new ArrayList<>();
        for (int i = 0; i * stepMs <= spanMs * (1 + 1e-9); i++) {
            out.add(i * stepMs);
        }
        return out;
    }

    String unit() {
        return seconds ? "s" : "ms";
    }

    String label(double ms) {
        if (seconds) {
            double s = ms / 1000;
            return (stepMs >= 1000 ? String.format(Locale.ROOT, "%.0f", s) : String.format(Locale.ROOT, "%.1f", s)) + " s";
        }
        return (stepMs >= 1 ? String.format(Locale.ROOT, "%.0f", ms) : String.format(Locale.ROOT, "%.2f", ms)) + " ms";
    }

    static String count(double v) {
        return v >= 10_000 ? String.format(Locale.ROOT, "%.0fk", v / 1000) : String.format(Locale.ROOT, "%.0f", v);
    }
}
