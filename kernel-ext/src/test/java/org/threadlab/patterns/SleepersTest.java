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
import org.threadlab.patterns.Sleepers.Sleeper;

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
            // the sleeps overlap: at one moment at least half of them slept (one after the other: 1)
            assertTrue(r.elapsed().toMillis() >= r.longestSleepMillis());
            assertTrue(r.mostAsleepAtOnce() >= 5, r.mostAsleepAtOnce() + " asleep at once: " + r.sleepers());
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
        // all at once, not a pool working through them: one after the other gives 1, a pool its size
        assertTrue(r.mostAsleepAtOnce() >= 1_000, r.mostAsleepAtOnce() + " asleep at once");
    }

    @Test
    void sleepersOneAfterTheOtherAreNeverAsleepTogether() {
        // each fell asleep exactly when the one before woke: touching, not overlapping
        Result serial = new Result(false, List.of(new Sleeper("sleeper-1", 50, 50), new Sleeper("sleeper-2", 30, 80),
                new Sleeper("sleeper-3", 20, 100)), Duration.ofMillis(100));
        assertEquals(1, serial.mostAsleepAtOnce());
        Result together = new Result(false, List.of(new Sleeper("sleeper-1", 50, 51), new Sleeper("sleeper-2", 30, 31),
                new Sleeper("sleeper-3", 20, 22)), Duration.ofMillis(51));
        assertEquals(3, together.mostAsleepAtOnce());
    }

    @Test
    void aSerialRunIsCaught() throws Exception {
        // the real thing, run wrongly: each thread joined before the next starts
        long[] sleeps = Sleepers.plannedSleeps(10, 42, Duration.ofMillis(30));
        long start = System.nanoTime();
        List<Sleeper> woke = new java.util.ArrayList<>();
        for (int i = 0; i < sleeps.length; i++) {
            long ms = sleeps[i];
            Thread t = Thread.ofPlatform().start(() -> {
                try {
                    Thread.sleep(ms);
                } catch (InterruptedException e) {
                    return;
                }
                synchronized (woke) {
                    woke.add(new Sleeper("serial", ms, (System.nanoTime() - start) / 1_000_000));
                }
            });
            t.join();
        }
        assertEquals(1, new Result(false, woke, Duration.ofNanos(System.nanoTime() - start)).mostAsleepAtOnce());
    }

    @Test
    void rejectsNoThreads() {
        assertThrows(IllegalArgumentException.class, () -> Sleepers.plannedSleeps(0, 1, MAX));
    }
}
