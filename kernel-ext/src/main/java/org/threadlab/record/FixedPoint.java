package org.threadlab.record;

/** Numbers with a fixed count of decimals (halves rounded away from zero), for the exports. */
final class FixedPoint {
    private FixedPoint() {
    }

    /** {@code v} with {@code digits} decimals; String.format is too slow for 100,000s of rows. */
    static String format(double v, int digits) {
        long scale = digits == 1 ? 10 : digits == 3 ? 1000 : (long) Math.pow(10, digits);
        long n = Math.round(Math.abs(v) * scale);
        StringBuilder b = new StringBuilder(16);
        if (v < 0 && n != 0) {
            b.append('-');
        }
        b.append(n / scale).append('.');
        String frac = Long.toString(n % scale);
        for (int i = frac.length(); i < digits; i++) {
            b.append('0');
        }
        return b.append(frac).toString();
    }
}
