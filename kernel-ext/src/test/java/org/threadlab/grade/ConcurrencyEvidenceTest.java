package org.threadlab.grade;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import org.threadlab.record.Recording;
import org.threadlab.record.Sightings;
import org.threadlab.record.ThreadRecord;
import org.threadlab.record.Utilization;

/**
 * What {@link Concurrency#assertRanConcurrently} counts as "alive together": platform threads
 * only when one poll of the live threads saw them, never by JFR's end stamps, which can come late.
 */
class ConcurrencyEvidenceTest {
    /** Written by the summing threads so the JIT keeps their loops. */
    static volatile long sink;

    /** What one thread of {@code Sum.serial} does: sums its quarter of 0..50,000,000 (a few ms of CPU). */
    static void sumQuarter(int part) {
        long s = 0;
        for (long i = part * 12_500_000L; i < (part + 1) * 12_500_000L; i++) {
            s += i;
        }
        sink = s;
    }

    /** Start-join-start-join: each thread is joined before the next starts. */
    static void serialSum() throws InterruptedException {
        for (int part = 0; part < 4; part++) {
            int p = part;
            Thread t = Thread.ofPlatform().name("serial-" + part).start(() -> sumQuarter(p));
            t.join();
        }
    }

    private static ThreadRecord platform(int index, String name, double startMs, double endMs) {
        return new ThreadRecord(index, 100 + index, name, name, false, 1, "main", startMs, endMs, true, 1_000_000);
    }

    private static ThreadRecord virtual(int index, double startMs, double endMs) {
        return new ThreadRecord(index, 100 + index, "", "virtual#" + (100 + index), true, -1, null, startMs, endMs, true, -1);
    }

    /** A hand-made recording: polls every 1 ms over 0..50 ms, lane i seen at the polls in {@code seen[i]}. */
    private static Recording recording(List<ThreadRecord> threads, int[]... seen) {
        double[] pollMs = IntStream.rangeClosed(0, 50).asDoubleStream().toArray();
        Utilization u = new Utilization(new double[0], new double[0], new double[0], 2);
        return new Recording("fake", Instant.EPOCH, 50, threads, List.of(), u, 0, null, false,
                new Sightings(pollMs, List.of(seen)));
    }

    private static int[] polls(int from, int to) {
        return IntStream.rangeClosed(from, to).toArray();
    }

    @Test
    void lateEndStampsDoNotMakeSerialThreadsConcurrent() {
        // JFR says serial-0 lived until 30 ms, long after serial-1 started at 10 ms (its end stamped late);
        // the polls saw serial-0 only until 9 ms and serial-1 from 11 ms: start-join-start-join
        List<ThreadRecord> threads = List.of(platform(0, "serial-0", 0, 30), platform(1, "serial-1", 10, 40));
        assertEquals(2, Concurrency.maxOverlap(threads), "the fake must have the late end stamps that fooled the old rule");
        Recording r = recording(threads, polls(0, 9), polls(11, 40));
        assertEquals(1, Concurrency.mostAliveTogether(r));
        AssertionFailedError e = assertThrows(AssertionFailedError.class, () -> Concurrency.assertAliveTogether(2, r));
        assertTrue(e.getMessage().contains("no two of them were alive at the same time (serial-0 seen 0 ms–9 ms, serial-1 seen 11 ms–40 ms;"),
                e.getMessage());
        assertTrue(e.getMessage().contains("one look at the JVM's live threads (every 1 ms) saw them all"), e.getMessage());
    }

    @Test
    void onePollSeeingBothIsEnough() {
        List<ThreadRecord> threads = List.of(platform(0, "a", 0, 10), platform(1, "b", 9, 20));
        Recording r = recording(threads, polls(0, 9), polls(9, 20));
        assertArrayEquals(new int[] {0, 1}, r.sightings().aliveAt(9));
        assertArrayEquals(new int[] {1}, r.sightings().aliveAt(10));
        assertEquals(2, Concurrency.mostAliveTogether(r));
        Concurrency.assertAliveTogether(2, r);
    }

    @Test
    void kCountsThreadsSeenByTheSamePoll() {
        // a and b together, b and c together, never all three
        List<ThreadRecord> threads = List.of(platform(0, "a", 0, 20), platform(1, "b", 0, 40), platform(2, "c", 20, 40));
        Recording r = recording(threads, polls(0, 19), polls(0, 40), polls(21, 40));
        AssertionFailedError e = assertThrows(AssertionFailedError.class, () -> Concurrency.assertAliveTogether(3, r));
        assertTrue(e.getMessage().contains("at most 2 of them were alive at the same time"), e.getMessage());
        Concurrency.assertAliveTogether(2, r);
    }

    @Test
    void threadsNeverSeenDoNotCountAndAreNamed() {
        // lives shorter than a poll: JFR's lives overlap, but with no sighting nothing is proven
        List<ThreadRecord> threads = List.of(platform(0, "tiny-0", 1.1, 1.5), platform(1, "tiny-1", 1.2, 1.6));
        Recording r = recording(threads, new int[0], new int[0]);
        AssertionFailedError e = assertThrows(AssertionFailedError.class, () -> Concurrency.assertAliveTogether(2, r));
        assertTrue(e.getMessage().contains("tiny-0 never seen alive (no poll came while it lived)"), e.getMessage());
    }

    @Test
    void virtualThreadsCountByTheirTrimmedLives() {
        Recording together = recording(List.of(virtual(0, 0, 30), virtual(1, 1, 30)), new int[0], new int[0]);
        Concurrency.assertAliveTogether(2, together);
        // the second starts in the first's last third: a late end, not an overlap
        Recording serial = recording(List.of(virtual(0, 0, 30), virtual(1, 25, 50)), new int[0], new int[0]);
        AssertionFailedError e = assertThrows(AssertionFailedError.class, () -> Concurrency.assertAliveTogether(2, serial));
        assertTrue(e.getMessage().contains("virtual threads count from their start to two thirds of their recorded life"), e.getMessage());
    }

    @Test
    void aPlatformAndAVirtualThreadNeverCountTogether() {
        Recording r = recording(List.of(platform(0, "p", 0, 40), virtual(1, 0, 40)), polls(0, 40), new int[0]);
        assertEquals(1, Concurrency.mostAliveTogether(r));
    }

    @Test
    void serialStartJoinOfShortCpuThreadsFailsEveryTime() {
        for (int run = 1; run <= 30; run++) {
            int n = run;
            AssertionFailedError e = assertThrows(AssertionFailedError.class,
                    () -> Concurrency.assertRanConcurrently(2, ConcurrencyEvidenceTest::serialSum),
                    () -> "run " + n + ": serial start-join-start-join was judged concurrent");
            assertTrue(e.getMessage().contains("it started 4 threads, but no two of them"), "run " + run + ": " + e.getMessage());
        }
    }

    @Test
    void serialVirtualThreadsFailEveryTime() {
        for (int run = 1; run <= 10; run++) {
            assertThrows(AssertionFailedError.class, () -> Concurrency.assertRanConcurrently(2, () -> {
                for (int part = 0; part < 4; part++) {
                    int p = part;
                    Thread.ofVirtual().start(() -> sumQuarter(p)).join();
                }
            }), "run " + run);
        }
    }

    @Test
    void shortCpuThreadsAliveTogetherPassEveryTime() throws Throwable {
        // 4 threads of a few ms of CPU each that are certainly alive together for 30 ms after their sums
        // (without a barrier, threads this short may truly never overlap on a busy 2-core machine)
        for (int run = 1; run <= 10; run++) {
            Recording r = Concurrency.assertRanConcurrently(2, () -> {
                var summed = new java.util.concurrent.CountDownLatch(4);
                List<Thread> ts = new ArrayList<>();
                for (int part = 0; part < 4; part++) {
                    int p = part;
                    ts.add(Thread.ofPlatform().name("part-" + part).start(() -> {
                        sumQuarter(p);
                        summed.countDown();
                        try {
                            summed.await();
                            Thread.sleep(30);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }));
                }
                for (Thread t : ts) {
                    t.join();
                }
            });
            assertEquals(4, r.threads().size(), "run " + run);
        }
    }

    /** {@code n} threads from {@code builder} that sleep 50 ms at the same time, all started before any is joined. */
    private static void sleepTogether(int n, Thread.Builder builder) throws InterruptedException {
        List<Thread> ts = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ts.add(builder.start(() -> {
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
        }
        for (Thread t : ts) {
            t.join();
        }
    }

    @Test
    void threadsThatSleepTogetherPass() throws Throwable {
        Concurrency.assertRanConcurrently(3, () -> sleepTogether(3, Thread.ofPlatform()));
    }

    @Test
    void virtualThreadsThatSleepTogetherPass() throws Throwable {
        Concurrency.assertRanConcurrently(4, () -> sleepTogether(4, Thread.ofVirtual()));
    }
}
