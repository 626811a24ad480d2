package org.threadlab.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class StatsTest {
    @Test
    void medianOfOddCountIsTheMiddleValue() {
        assertEquals(3.0, Stats.of(5, 1, 3, 4, 2).median());
    }

    @Test
    void medianOfEvenCountIsTheMeanOfTheMiddlePair() {
        assertEquals(11.5, Stats.of(12, 10, 11, 30).median());
    }

    @Test
    void quartilesInterpolateLikeNumpyAndR() {
        // numpy.percentile([1..8], [25, 75]) = [2.75, 6.25]
        Stats s = Stats.of(8, 7, 6, 5, 4, 3, 2, 1);
        assertEquals(2.75, s.q1(), 1e-12);
        assertEquals(6.25, s.q3(), 1e-12);
        assertEquals(3.5, s.iqr(), 1e-12);
        assertEquals(1, s.min());
        assertEquals(8, s.max());
        // numpy.percentile([10, 11, 12, 30], [25, 75]) = [10.75, 16.5]
        Stats t = Stats.of(12, 10, 11, 30);
        assertEquals(10.75, t.q1(), 1e-12);
        assertEquals(16.5, t.q3(), 1e-12);
    }

    @Test
    void singleValueHasNoSpread() {
        Stats s = Stats.of(7);
        assertEquals(7, s.q1());
        assertEquals(7, s.q3());
        assertEquals(0, s.iqr());
        assertEquals(1, s.maxOverMin());
    }

    @Test
    void emptyInputIsRejected() {
        assertThrows(IllegalArgumentException.class, Stats::of);
    }

    @Test
    void inputIsNotReordered() {
        double[] x = {3, 1, 2};
        Stats.of(x);
        assertEquals(3, x[0]);
    }
}
