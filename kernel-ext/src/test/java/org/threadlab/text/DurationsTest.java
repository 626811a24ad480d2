package org.threadlab.text;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationsTest {

    @Test
    void millisecondsBelowOneSecondSecondsFromOneSecondUp() {
        assertEquals("200 ms", Durations.format(200));
        assertEquals("139.3 ms", Durations.format(139.34));
        assertEquals("1 s", Durations.format(1000));
        assertEquals("12.35 s", Durations.format(12_345));
        assertEquals("600 s", Durations.format(600_000));
    }

    @Test
    void fourSignificantDigitsWithoutTrailingZeros() {
        assertEquals("0.65 ms", Durations.format(0.65));
        assertEquals("0.00065 ms", Durations.format(0.00065));
        assertEquals("55 ms", Durations.format(55.0001));
        assertEquals("2.5 s", Durations.format(2_500));
        assertEquals("0 ms", Durations.format(0));
    }

    @Test
    void roundingNeverWritesAThousandMilliseconds() {
        assertEquals("1 s", Durations.format(999.96));
        assertEquals("999.9 ms", Durations.format(999.94));
    }

    @Test
    void durationsAndNanosReadTheSame() {
        assertEquals("200 ms", Durations.format(Duration.ofMillis(200)));
        assertEquals("30 s", Durations.format(Duration.ofSeconds(30)));
        assertEquals("1.5 ms", Durations.ofNanos(1_500_000));
    }

    @Test
    void aTimeNotMeasuredIsADash() {
        assertEquals("-", Durations.format(Double.NaN));
    }
}
