package org.threadlab.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.locks.ReentrantLock;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Virtual threads waiting on a queue, a lock, a latch or a monitor, recorded for real: JFR has no
 * event for any of these on JDK 25, so what the lanes show there comes from the sampled states.
 */
class VirtualThreadWaitsTest {

    /** What a virtual thread waits on, and the state its wait is drawn in. */
    enum Kind {
        QUEUE(ThreadState.WAITING), LOCK(ThreadState.WAITING), LATCH(ThreadState.WAITING),
        MONITOR(ThreadState.BLOCKED);

        /**
         * {@code ReentrantLock.lock()} parks, so its waiter is {@code WAITING} to Java (only a
         * {@code synchronized} monitor makes {@code BLOCKED}); platform threads parked on one are
         * drawn waiting too, from JFR's park event.
         */
        final ThreadState drawn;

        Kind(ThreadState drawn) {
            this.drawn = drawn;
        }
    }

    /** A recorded run: the recording, and for each virtual thread its kind and its wait, from its start to its release. */
    record Waits(Recording recording, Map<Long, Kind> kindOf, Map<Long, double[]> waitMsOf) {

        /** Of all the time the threads of {@code kind} spent in their wait, the share drawn in {@code state}. */
        double fraction(Kind kind, ThreadState state) {
            double in = 0;
            double total = 0;
            for (ThreadRecord t : recording.threads()) {
                double[] w = waitMsOf.get(t.id());
                if (kindOf.get(t.id()) == kind && w != null) {
                    in += msWithin(t, state, w[0], w[1]);
                    total += w[1] - w[0];
                }
            }
            return total == 0 ? Double.NaN : in / total;
        }

        /** How long thread {@code t}'s lane is in {@code state} between {@code fromMs} and {@code toMs}. */
        double msWithin(ThreadRecord t, ThreadState state, double fromMs, double toMs) {
            double ms = 0;
            for (Interval i : recording.intervalsOf(t.index())) {
                if (i.state() == state) {
                    ms += Math.max(0, Math.min(toMs, i.endMs()) - Math.max(fromMs, i.startMs()));
                }
            }
            return ms;
        }
    }

    /**
     * Records {@code perKind} virtual threads of each {@link Kind}, all waiting about {@code waitMs}
     * at once: the body holds the lock and the monitor, sleeps, then opens the latch, releases the
     * lock and the monitor and hands each queue taker an item. Each thread notes when its wait
     * began and when it was released (the waker's clock just before it woke it: the item it was
     * handed, the latch's opening, the previous holder's release), in ms from the body's start.
     * Its wait ends there, not when it runs again: between the two it is runnable, waiting for a
     * carrier, which with thousands released at once can take hundreds of ms.
     */
    static Waits waits(int perKind, long waitMs) {
        Map<Long, Kind> kindOf = new ConcurrentHashMap<>();
        Map<Long, double[]> waitMsOf = new ConcurrentHashMap<>();
        Recording r = new Recorder().record("virtual waits", () -> {
            long t0 = System.nanoTime();
            SynchronousQueue<Long> queue = new SynchronousQueue<>();
            ReentrantLock lock = new ReentrantLock();
            CountDownLatch latch = new CountDownLatch(1);
            Object monitor = new Object();
            long[] lockFreedAt = new long[1];    // written and read holding the lock
            long[] monitorFreedAt = new long[1]; // written and read holding the monitor
            long[] latchOpenedAt = new long[1];  // written before countDown, read after await
            List<Thread> ts = new ArrayList<>();
            lock.lock();
            synchronized (monitor) {
                for (int i = 0; i < perKind; i++) {
                    for (Kind k : Kind.values()) {
                        ts.add(Thread.ofVirtual().start(() -> {
                            long a = System.nanoTime();
                            long released = switch (k) {
                                case QUEUE -> uninterruptibly(queue::take);
                                case LOCK -> {
                                    lock.lock();
                                    long at = lockFreedAt[0];
                                    lockFreedAt[0] = System.nanoTime();
                                    lock.unlock();
                                    yield at;
                                }
                                case LATCH -> uninterruptibly(() -> {
                                    latch.await();
                                    return latchOpenedAt[0];
                                });
                                case MONITOR -> {
                                    synchronized (monitor) {
                                        long at = monitorFreedAt[0];
                                        monitorFreedAt[0] = System.nanoTime();
                                        yield at;
                                    }
                                }
                            };
                            long id = Thread.currentThread().threadId();
                            kindOf.put(id, k);
                            waitMsOf.put(id, new double[] {(a - t0) / 1e6, (Math.max(a, released) - t0) / 1e6});
                        }));
                    }
                }
                Thread.sleep(waitMs);
                latchOpenedAt[0] = System.nanoTime();
                latch.countDown();
                lockFreedAt[0] = System.nanoTime();
                lock.unlock();
                monitorFreedAt[0] = System.nanoTime();
            }
            for (int i = 0; i < perKind; i++) {
                queue.put(System.nanoTime());
            }
            for (Thread t : ts) {
                t.join();
            }
            return null;
        });
        return new Waits(r, kindOf, waitMsOf);
    }

    private static <T> T uninterruptibly(java.util.concurrent.Callable<T> wait) {
        try {
            return wait.call();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @BeforeAll
    static void warmUp() throws Exception {
        Recorder.warmUp().get();
    }

    @Test
    void theTestJvmCanReachTheJdksThreadContainers() {
        assertTrue(VirtualStateSampler.available(), "run with --add-exports java.base/jdk.internal.vm=ALL-UNNAMED");
    }

    @Test
    void virtualThreadsWaitingOnAQueueALockOrALatchAreWaitingAndOnAMonitorBlocked() {
        Waits w = waits(5, 200);
        Recording r = w.recording();
        assertEquals(5 * Kind.values().length, w.waitMsOf().size(), r.summaryText());
        Map<Kind, Double> drawn = new EnumMap<>(Kind.class);
        for (Kind k : Kind.values()) {
            drawn.put(k, w.fraction(k, k.drawn));
        }
        for (Kind k : Kind.values()) {
            // on a quiet machine 95 % or more (RecorderBenchmark prints it); this bound leaves room for a late sampler
            assertTrue(drawn.get(k) >= 0.7, k + " waits drawn " + k.drawn + " only " + drawn);
        }
        for (ThreadRecord t : r.threads()) {
            Kind k = w.kindOf().get(t.id());
            double[] wait = w.waitMsOf().get(t.id());
            for (ThreadState s : ThreadState.values()) {
                if (s != k.drawn && s != ThreadState.UNKNOWN) {
                    // a sample claims nothing it did not see: inside the wait, only its state or unknown
                    assertEquals(0, w.msWithin(t, s, wait[0], wait[1]), 1e-9,
                            k + " " + t.label() + " drawn " + s + " in its wait: " + r.intervalsOf(t.index()));
                }
            }
        }
    }

    @Test
    void virtualThreadsOfAnExecutorTheBodyMadeAreSampledToo() {
        // an executor's threads are in a container of its own, found by the sampler's look for new containers
        Map<Long, Kind> kindOf = new ConcurrentHashMap<>();
        Map<Long, double[]> waitMsOf = new ConcurrentHashMap<>();
        Recording r = new Recorder().record("executor", () -> {
            long t0 = System.nanoTime();
            CountDownLatch latch = new CountDownLatch(1);
            long[] openedAt = new long[1]; // written before countDown, read after await
            try (var executor = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
                for (int i = 0; i < 5; i++) {
                    executor.submit(() -> {
                        long a = System.nanoTime();
                        latch.await();
                        long id = Thread.currentThread().threadId();
                        kindOf.put(id, Kind.LATCH);
                        waitMsOf.put(id, new double[] {(a - t0) / 1e6, (openedAt[0] - t0) / 1e6});
                        return null;
                    });
                }
                Thread.sleep(200);
                openedAt[0] = System.nanoTime();
                latch.countDown();
            }
            return null;
        });
        Waits w = new Waits(r, kindOf, waitMsOf);
        assertEquals(5, waitMsOf.size(), r.summaryText());
        double drawn = w.fraction(Kind.LATCH, ThreadState.WAITING);
        assertTrue(drawn >= 0.7, "drawn waiting only " + drawn + "\n" + r.summaryText());
    }
}
