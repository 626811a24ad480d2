package org.threadlab.text;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.Duration;

/**
 * The one way ThreadLab writes a duration for a person: milliseconds below one second, seconds
 * from one second up, four significant digits, no trailing zeros, always with the unit.
 *
 * <pre>{@code
 * Durations.format(0.65)                     // "0.65 ms"
 * Durations.format(139.34)                   // "139.3 ms"
 * Durations.format(2_000)                    // "2 s"
 * Durations.format(Duration.ofMillis(12_345)) // "12.35 s"
 * }</pre>
 *
 * <p>Chart axes label their ticks themselves ({@code chart.TimeAxis}): there every label of an
 * axis shares one unit and one precision, chosen from the tick step, which is a different job.
 *
 * <p>Stateless and thread-safe.
 */
public final class Durations {
    private static final MathContext FOUR_DIGITS = new MathContext(4, RoundingMode.HALF_UP);
    /** System.nanoTime resolution: smaller fractions of a millisecond are noise. */
    private static final int MAX_MS_DECIMALS = 6;

    private Durations() {
    }

    /** {@code ms} milliseconds as text; {@code "-"} for NaN (a time that was not measured). */
    public static String format(double ms) {
        if (Double.isNaN(ms)) {
            return "-";
        }
        if (Double.isInfinite(ms)) {
            return (ms > 0 ? "" : "-") + "∞ s";
        }
        BigDecimal rounded = new BigDecimal(ms).round(FOUR_DIGITS);
        // rounding first: 999.96 ms is "1 s", not "1000 ms"
        if (rounded.abs().compareTo(BigDecimal.valueOf(1000)) >= 0) {
            return plain(rounded.movePointLeft(3).round(FOUR_DIGITS)) + " s";
        }
        return plain(rounded.setScale(Math.min(rounded.scale(), MAX_MS_DECIMALS), RoundingMode.HALF_UP)) + " ms";
    }

    /** {@code d} as text, the same way. */
    public static String format(Duration d) {
        return format(d.getSeconds() * 1e3 + d.getNano() / 1e6);
    }

    /** {@code nanos} nanoseconds (a {@code System.nanoTime} difference) as text, the same way. */
    public static String ofNanos(long nanos) {
        return format(nanos / 1e6);
    }

    private static String plain(BigDecimal d) {
        BigDecimal stripped = d.stripTrailingZeros();
        return (stripped.scale() < 0 ? stripped.setScale(0) : stripped).toPlainString();
    }
}
