package org.threadlab.grade;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * Points rounded to hundredths so that the parts add up exactly to the rounded total: three tests
 * worth 4/3 each show as 1.34, 1.33 and 1.33 beside a total of 4, never 1.33 × 3 = 3.99. The
 * rounding goes to the parts with the largest remainders (Hamilton's method), ties to the earlier part.
 *
 * <pre>{@code
 * long[] cents = Hundredths.apportion(new double[] {4 / 3.0, 4 / 3.0, 4 / 3.0});   // 134, 133, 133
 * Hundredths.format(cents[0]);                                                     // "1.34"
 * }</pre>
 *
 * <p>Stateless and thread-safe.
 */
final class Hundredths {
    private Hundredths() {
    }

    /** Each part in hundredths; their sum is the sum of {@code parts}, rounded to hundredths. */
    static long[] apportion(double[] parts) {
        double total = Arrays.stream(parts).sum();
        long target = Math.round(total * 100);
        long[] out = new long[parts.length];
        double[] rest = new double[parts.length];
        long sum = 0;
        for (int i = 0; i < parts.length; i++) {
            double exact = parts[i] * 100;
            // what float noise puts a hair below a whole hundredth counts as that hundredth
            out[i] = (long) Math.floor(exact + 1e-9);
            rest[i] = exact - out[i];
            sum += out[i];
        }
        Integer[] order = IntStream.range(0, parts.length).boxed().sorted(Comparator.comparingDouble((Integer i) -> -rest[i]))
                .toArray(Integer[]::new);
        for (int k = 0; sum < target && k < order.length; k++, sum++) {
            out[order[k]]++;
        }
        for (int k = order.length - 1; sum > target && k >= 0; k--, sum--) {
            out[order[k]]--;
        }
        return out;
    }

    /** The total of {@code parts} in hundredths, rounded. */
    static long total(double[] parts) {
        return Math.round(Arrays.stream(parts).sum() * 100);
    }

    /** {@code 4}, {@code 1.34}, {@code 0.5}: no trailing zeros. */
    static String format(long hundredths) {
        BigDecimal d = BigDecimal.valueOf(hundredths, 2).stripTrailingZeros();
        return d.scale() < 0 ? d.setScale(0).toPlainString() : d.toPlainString();
    }
}
