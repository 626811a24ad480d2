package org.threadlab.grade;

import org.threadlab.diagnosis.StuckThreads;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

class ConcurrencyTest {

    private static void busy(long ms) {
        long until = System.nanoTime() + ms * 1_000_000;
        while (System.nanoTime() < until) {
            Thread.onSpinWait();
        }
    }

    @Test
    void overlappingThreadsRanConcurrently() throws Throwable {
        Concurrency.assertRanConcurrently(2, () -> {
            CountDownLatch both = new CountDownLatch(2);
            List<Thread> ts = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                ts.add(Thread.ofPlatform().start(() -> {
                    both.countDown();
                    try {
                        both.await();
                    } catch (InterruptedException e) {
                        return;
                    }
                    busy(20);
                }));
            }
            for (Thread t : ts) {
                t.join();
            }
        });
    }

    @Test
    void joiningEachThreadRightAwayIsSerial() {
        AssertionFailedError e = assertThrows(AssertionFailedError.class, () -> Concurrency.assertRanConcurrently(2, () -> {
            for (int i = 0; i < 3; i++) {
                Thread t = Thread.ofPlatform().name("serial-" + i).start(() -> busy(10));
                t.join();
            }
        }));
        assertTrue(e.getMessage().contains("no two of them were alive at the same time"), e.getMessage());
        assertTrue(e.getMessage().contains("serial-0"), e.getMessage());
        // the sightings it shows are the ones it counted: "no two alive" must not sit next to overlapping ones
        // (on a loaded machine a thread may be seen once, or never: then the message says so)
        java.util.regex.Matcher m = java.util.regex.Pattern
                .compile("serial-\\d (?:seen ([\\d.]+) ms–([\\d.]+) ms|seen at ([\\d.]+) ms|never seen alive)").matcher(e.getMessage());
        double previousEnd = -1;
        int shown = 0;
        while (m.find()) {
            String first = m.group(1) != null ? m.group(1) : m.group(3);
            if (first != null) {
                assertTrue(Double.parseDouble(first) > previousEnd, "shown sightings overlap: " + e.getMessage());
                previousEnd = Double.parseDouble(m.group(2) != null ? m.group(2) : first);
            }
            shown++;
        }
        assertEquals(3, shown, e.getMessage());
    }

    @Test
    void leftBehindThreadIsNamed() throws Throwable {
        CountDownLatch release = new CountDownLatch(1);
        try {
            AssertionFailedError e = assertThrows(AssertionFailedError.class, () -> Concurrency.assertNoThreadLeftBehind(() ->
                    Thread.ofPlatform().name("forgotten-worker").start(() -> {
                        try {
                            release.await();
                        } catch (InterruptedException ignored) {
                            // ends
                        }
                    })));
            assertTrue(e.getMessage().contains("\"forgotten-worker\""), e.getMessage());
        } finally {
            release.countDown();
        }
        Concurrency.assertNoThreadLeftBehind(() -> Thread.ofPlatform().start(() -> busy(5)).join());
        Concurrency.assertNoThreadLeftBehind(() -> Thread.ofPlatform().daemon().start(() -> busy(5000)));
    }

    @Test
    void deadlockIsDescribedWithItsCycle() throws Exception {
        Object a = new Object();
        Object b = new Object();
        CountDownLatch bothHoldOne = new CountDownLatch(2);
        AssertionFailedError e = assertThrows(AssertionFailedError.class, () -> Concurrency.assertFinishesWithin(Duration.ofMillis(500), () -> {
            Thread one = Thread.ofPlatform().daemon().name("worker-1").start(() -> lockBoth(a, b, bothHoldOne));
            Thread two = Thread.ofPlatform().daemon().name("worker-2").start(() -> lockBoth(b, a, bothHoldOne));
            one.join();
            two.join();
        }));
        String m = e.getMessage();
        assertTrue(m.contains("deadlock"), m);
        assertTrue(m.matches(".*worker-[12] holds Object@\\w+ and waits for Object@\\w+, held by worker-[12], which waits for Object@\\w+, held by worker-[12].*"), m);
    }

    private static void lockBoth(Object first, Object second, CountDownLatch bothHoldOne) {
        synchronized (first) {
            bothHoldOne.countDown();
            try {
                bothHoldOne.await();
            } catch (InterruptedException e) {
                return;
            }
            synchronized (second) {
                busy(1);
            }
        }
    }

    @Test
    void aDeadlockLeftBehindEarlierIsNotBlamedForALaterHang() throws Exception {
        Object a = new Object();
        Object b = new Object();
        CountDownLatch bothHoldOne = new CountDownLatch(2);
        Thread.ofPlatform().daemon().name("old-1").start(() -> lockBoth(a, b, bothHoldOne));
        Thread.ofPlatform().daemon().name("old-2").start(() -> lockBoth(b, a, bothHoldOne));
        long until = System.nanoTime() + 5_000_000_000L;
        while (StuckThreads.deadlock() == null && System.nanoTime() < until) {
            Thread.sleep(10);
        }
        assertTrue(StuckThreads.deadlock() != null, "the earlier deadlock did not form");
        AssertionFailedError e = assertThrows(AssertionFailedError.class,
                () -> Concurrency.assertFinishesWithin(Duration.ofMillis(200), () -> new CountDownLatch(1).await()));
        assertTrue(e.getMessage().startsWith("did not finish within 200 ms; it was still running at"), e.getMessage());
        assertTrue(!e.getMessage().contains("old-1"), e.getMessage());
    }

    @Test
    void hangWithoutDeadlockSaysItTimedOut() {
        AssertionFailedError e = assertThrows(AssertionFailedError.class,
                () -> Concurrency.assertFinishesWithin(Duration.ofMillis(200), () -> new CountDownLatch(1).await()));
        assertTrue(e.getMessage().startsWith("did not finish within 200 ms"), e.getMessage());
    }

    @Test
    void finishingBodyPassesAndItsExceptionIsRethrown() throws Throwable {
        Concurrency.assertFinishesWithin(Duration.ofSeconds(5), () -> busy(1));
        assertThrows(IllegalStateException.class, () -> Concurrency.assertFinishesWithin(Duration.ofSeconds(5), () -> {
            throw new IllegalStateException("mine");
        }));
    }

    @Test
    void sameResultPassesAndDifferentResultsFail() throws Exception {
        assertEquals(42, Concurrency.assertSameResult(5, () -> 42));
        AtomicInteger n = new AtomicInteger();
        AssertionFailedError e = assertThrows(AssertionFailedError.class,
                () -> Concurrency.assertSameResult(4, () -> n.incrementAndGet() % 2));
        assertTrue(e.getMessage().contains("2 different results"), e.getMessage());
    }

    @Test
    void speedupFailsForSerialWork() {
        // work that takes n times as long with n threads (sleeps, so a loaded machine cannot make 1 thread look slow)
        AssertionFailedError e = assertThrows(AssertionFailedError.class,
                () -> Concurrency.assertSpeedup(1.5, 2, n -> () -> Thread.sleep(20L * n)));
        assertTrue(e.getMessage().contains("with 2 threads than with 1"), e.getMessage());
    }
}
