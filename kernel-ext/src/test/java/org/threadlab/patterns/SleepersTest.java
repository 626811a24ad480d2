package org.threadlab.patterns;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.threadlab.patterns.Sleepers.Result;

class SleepersTest {
    private static final Duration MAX = Duration.ofMillis(200);

    private static List<String> lines(ByteArrayOutputStream bytes) {
        return bytes.toString(StandardCharsets.UTF_8).lines().toList();
    }

    @Test
    void sameSeedSameSleeps() {
        assertArrayEquals(Sleepers.plannedSleeps(10, 7, MAX), Sleepers.plannedSleeps(10, 7, MAX));
        assertFalse(java.util.Arrays.equals(Sleepers.plannedSleeps(10, 7, MAX), Sleepers.plannedSleeps(10, 8, MAX)));
        for (long s : Sleepers.plannedSleeps(1000, 7, MAX)) {
            assertTrue(s >= 1 && s <= 200, s + " ms");
        }
    }

    @Test
    void everyThreadReportsItsSleepAndDoneComesLast() throws Exception {
        for (boolean virtual : new boolean[] {false, true}) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            Result r = Sleepers.run(10, 42, MAX, virtual, new PrintStream(bytes, true, StandardCharsets.UTF_8));
            List<String> lines = lines(bytes);
            assertEquals(11, lines.size(), lines.toString());
            assertEquals("Done", lines.get(10));
            long[] planned = Sleepers.plannedSleeps(10, 42, MAX);
            Set<String> expected = new HashSet<>();
            for (int i = 1; i <= 10; i++) {
                expected.add("Thread " + i + " slept for " + planned[i - 1] + " ms");
            }
            assertEquals(expected, new HashSet<>(lines.subList(0, 10)));
            assertEquals(10, r.sleepers().size());
            assertTrue(r.sleepers().stream().allMatch(s -> s.thread().startsWith("sleeper-")));
            // the sleeps overlap: the run takes about the longest sleep, far less than their sum (generous bound)
            long sum = java.util.Arrays.stream(planned).sum();
            assertTrue(r.elapsed().toMillis() >= r.longestSleepMillis());
            assertTrue(r.elapsed().toMillis() < sum + 2_000, r.elapsed().toString());
        }
    }

    @Test
    void tenThousandVirtualSleepersPrintASummaryThenDone() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Result r = Sleepers.atScale(10_000, 1, MAX, true, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        List<String> lines = lines(bytes);
        assertEquals(2, lines.size(), lines.toString());
        assertTrue(lines.get(0).startsWith("10,000 virtual threads slept"), lines.get(0));
        assertEquals("Done", lines.get(1));
        assertEquals(10_000, r.sleepers().size());
        assertTrue(r.virtual());
        assertTrue(r.elapsed().toSeconds() < 20, r.elapsed().toString()); // far below 10,000 × ~100 ms
    }

    @Test
    void rejectsNoThreads() {
        assertThrows(IllegalArgumentException.class, () -> Sleepers.plannedSleeps(0, 1, MAX));
    }
}
