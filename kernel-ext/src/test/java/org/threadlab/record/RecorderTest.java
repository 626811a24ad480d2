package org.threadlab.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The recorder against workloads whose behaviour is known in advance. */
class RecorderTest {

    @BeforeAll
    static void warmUp() throws Exception {
        Recorder.warmUp().get();
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void sleepersShowTheirSleepWithinFiveMsOrThreePercent() {
        java.util.Map<String, Double> truthMs = new java.util.concurrent.ConcurrentHashMap<>();
        Recording r = new Recorder().record("sleepers", () -> {
            List<Thread> ts = new ArrayList<>();
            for (int ms = 100; ms <= 400; ms += 100) {
                long d = ms;
                ts.add(Thread.ofPlatform().name("sleep-" + ms).start(() -> {
                    long t0 = System.nanoTime();
                    sleep(d);
                    truthMs.put(Thread.currentThread().getName(), (System.nanoTime() - t0) / 1e6);
                }));
            }
            for (Thread t : ts) {
                t.join();
            }
            return null;
        });
        assertEquals(4, r.threads().size(), r.summaryText());
        for (int ms = 100; ms <= 400; ms += 100) {
            ThreadRecord t = r.thread("sleep-" + ms).orElseThrow();
            double slept = r.msIn(t.index(), ThreadState.SLEEPING);
            // a loaded machine oversleeps, then keeps the woken thread waiting for a core: the in-thread
            // measurement is sleeping + runnable, and the lane must split it that way
            double truth = truthMs.get(t.name());
            double runnable = r.msIn(t.index(), ThreadState.RUNNABLE);
            double tolerance = Math.max(5, 0.03 * ms);
            String why = t.label() + " slept " + slept + " ms, measured " + truth + " ms\n" + r.summaryText();
            assertTrue(slept >= ms - 1, why);
            assertTrue(slept <= truth + tolerance, why);
            assertTrue(slept + runnable >= truth - tolerance, why);
            assertTrue(t.ended());
            assertEquals(Thread.currentThread().getName(), t.spawnedBy().orElseThrow());
        }
    }

    @Test
    void cpuBoundThreadIsRunningForTheCpuTimeItGotAndRunnableOtherwise() {
        long[] truthCpuNs = new long[1];
        Recording r = new Recorder().record("spin", () -> {
            Thread t = Thread.ofPlatform().name("spinner").start(() -> {
                var mx = java.lang.management.ManagementFactory.getThreadMXBean();
                long c0 = mx.getCurrentThreadCpuTime();
                spin(300);
                truthCpuNs[0] = mx.getCurrentThreadCpuTime() - c0;
            });
            t.join();
            return null;
        });
        ThreadRecord t = r.thread("spinner").orElseThrow();
        double running = r.msIn(t.index(), ThreadState.RUNNING);
        double runnable = r.msIn(t.index(), ThreadState.RUNNABLE);
        double truthMs = truthCpuNs[0] / 1e6;
        String why = "truth cpu " + truthMs + " ms\n" + r.summaryText();
        // the lane shows the CPU the thread really got, however loaded the shared machine was
        assertEquals(truthMs, running, Math.max(10, 0.1 * truthMs), why);
        assertTrue(running + runnable >= 0.95 * t.lifeMs(), why);
        if (truthMs >= 0.8 * t.lifeMs()) {
            // it had a core to itself: then the lane must say so (80 % is the benchmark's figure)
            assertTrue(running >= 0.6 * t.lifeMs(), why);
        }
        assertEquals(truthMs, t.cpuNanos() / 1e6, Math.max(10, 0.1 * truthMs), why);
    }

    static long spin(long ms) {
        long end = System.nanoTime() + ms * 1_000_000;
        long x = 0;
        while (System.nanoTime() < end) {
            x += x * 31 + 7;
        }
        return x;
    }

    /**
     * Three threads released together take turns on one lock, holding it 50 ms each; each puts
     * into {@code waitedMs} how long it waited to enter, as it measured itself.
     */
    static Recording lockTurns(java.util.Map<String, Double> waitedMs) {
        Object lock = new Object();
        return new Recorder().record("lock turns", () -> {
            CountDownLatch go = new CountDownLatch(1);
            List<Thread> ts = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                ts.add(Thread.ofPlatform().name("turn-" + i).start(() -> {
                    try {
                        go.await();
                    } catch (InterruptedException e) {
                        return;
                    }
                    long asked = System.nanoTime();
                    synchronized (lock) {
                        waitedMs.put(Thread.currentThread().getName(), (System.nanoTime() - asked) / 1e6);
                        sleep(50);
                    }
                }));
            }
            sleep(20); // let all three reach the latch
            go.countDown();
            for (Thread t : ts) {
                t.join();
            }
            return null;
        });
    }

    @Test
    void threeThreadsTakingTurnsOnALockAreBlockedAboutZeroFiftyAndHundredMs() {
        java.util.Map<String, Double> truthMs = new java.util.concurrent.ConcurrentHashMap<>();
        Recording r = lockTurns(truthMs);
        assertEquals(3, r.threads().size());
        double[] truth = truthMs.values().stream().mapToDouble(Double::doubleValue).sorted().toArray();
        String why = "measured in-thread " + truthMs + "\n" + r.summaryText();
        // the workload: one thread gets in at once, the others wait one and two turns of >= 50 ms
        assertTrue(truth[0] < 10 && truth[1] >= 45 && truth[2] >= 95, why);
        for (ThreadRecord t : r.threads()) {
            double want = truthMs.get(t.name());
            assertEquals(want, r.msIn(t.index(), ThreadState.BLOCKED), Math.max(5, 0.05 * want), why);
        }
        double sum = r.threads().stream().mapToDouble(t -> r.msIn(t.index(), ThreadState.BLOCKED)).sum();
        assertEquals(sum, r.summary().blockedMs(), 1e-6);
    }

    @Test
    void threadsStartedBeforeTheRecordingOrByThemAreNotShown() throws Exception {
        CountDownLatch startChild = new CountDownLatch(1);
        Thread before = Thread.ofPlatform().name("pre-existing").start(() -> {
            try {
                startChild.await();
            } catch (InterruptedException e) {
                return;
            }
            Thread.ofPlatform().name("child-of-pre-existing").start(() -> sleep(30));
            sleep(30);
        });
        Recording r = new Recorder().record("lineage", () -> {
            startChild.countDown();
            Thread mine = Thread.ofPlatform().name("mine").start(() -> {
                Thread grandchild = Thread.ofPlatform().name("grandchild").start(() -> sleep(20));
                try {
                    grandchild.join();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            mine.join();
            sleep(50);
            return null;
        });
        before.join();
        List<String> names = r.threads().stream().map(ThreadRecord::name).toList();
        assertEquals(List.of("mine", "grandchild"), names, r.summaryText());
        assertEquals("mine", r.thread("grandchild").orElseThrow().spawnedBy().orElseThrow());
    }

    @Test
    void callingThreadIsALaneOnlyWhenAskedFor() {
        Recording r = new Recorder(Recorder.Options.defaults().withCallingThread(true))
                .record("caller", () -> {
                    sleep(40);
                    return null;
                });
        assertEquals(List.of(Thread.currentThread().getName()),
                r.threads().stream().map(ThreadRecord::name).toList());
        assertTrue(r.msIn(0, ThreadState.SLEEPING) >= 39);
    }

    @Test
    void anExceptionInTheBodyKeepsWhatWasRecordedAndCarriesIt() {
        Recording r = new Recorder().record("throws", () -> {
            Thread t = Thread.ofPlatform().name("before-the-throw").start(() -> sleep(50));
            t.join();
            throw new IllegalStateException("boom");
        });
        assertInstanceOf(IllegalStateException.class, r.failure().orElseThrow());
        assertFalse(r.timedOut());
        ThreadRecord t = r.thread("before-the-throw").orElseThrow();
        assertTrue(r.msIn(t.index(), ThreadState.SLEEPING) >= 49);
        assertTrue(r.toString().contains("boom"), r.toString());
    }

    @Test
    void aTimeoutStopsTheRecordingThereInterruptsTheBodyAndKeepsWhatWasRecorded() throws Exception {
        long t0 = System.nanoTime();
        java.util.concurrent.CompletableFuture<Recording> seen = new java.util.concurrent.CompletableFuture<>();
        Recording r = new Recorder(Recorder.Options.defaults().withTimeout(Duration.ofMillis(200))
                .withOnTimeout(seen::complete))
                .record("overruns", () -> {
                    Thread.ofPlatform().name("early").start(() -> sleep(50)).join();
                    Thread.sleep(10_000); // interrupted by the timeout
                    return null;
                });
        double tookMs = (System.nanoTime() - t0) / 1e6;
        assertTrue(r.timedOut());
        assertInstanceOf(java.util.concurrent.TimeoutException.class, r.failure().orElseThrow());
        // the listener runs on the recorder's thread and may finish after record() returns
        assertTrue(seen.get(5, java.util.concurrent.TimeUnit.SECONDS) == r, "onTimeout got the recording record() returned");
        assertFalse(Thread.currentThread().isInterrupted(), "the recorder's interrupt must not leak");
        assertTrue(tookMs < 3000, "took " + tookMs);
        assertEquals(200, r.wallMs(), 30);
        ThreadRecord t = r.thread("early").orElseThrow();
        assertTrue(r.msIn(t.index(), ThreadState.SLEEPING) >= 49);
        assertTrue(r.toString().contains("timed out"));
    }

    @Test
    void virtualThreadsAreLanesWithTheirSleepAndUnknownElsewhere() {
        Recording r = new Recorder().record("virtual", () -> {
            List<Thread> ts = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                ts.add(Thread.ofVirtual().start(() -> sleep(50)));
            }
            for (Thread t : ts) {
                t.join();
            }
            return null;
        });
        assertEquals(200, r.threads().size());
        assertEquals(200, r.summary().virtualThreads());
        for (ThreadRecord t : r.threads()) {
            assertTrue(t.virtual());
            assertEquals(-1, t.cpuNanos());
            double slept = r.msIn(t.index(), ThreadState.SLEEPING);
            // a virtual thread's sleep event lasts until it is mounted again: on a busy machine, later
            assertTrue(slept >= 49 && slept <= 90, t.label() + " slept " + slept);
            assertEquals(0, r.msIn(t.index(), ThreadState.RUNNING));
            assertEquals(0, r.msIn(t.index(), ThreadState.RUNNABLE));
        }
        assertTrue(r.threads().stream().noneMatch(t -> t.name().startsWith("ForkJoinPool")), "carriers are not lanes");
    }

    @Test
    void intervalsTileEachThreadsLifeWithoutOverlap() {
        Recording r = new Recorder().record("mixed", () -> {
            Thread t = Thread.ofPlatform().name("mixed").start(() -> {
                spin(40);
                sleep(30);
                spin(40);
            });
            t.join();
            return null;
        });
        ThreadRecord t = r.thread("mixed").orElseThrow();
        double cursor = t.startMs();
        for (Interval iv : r.intervalsOf(t.index())) {
            assertEquals(cursor, iv.startMs(), 1e-6, "gap or overlap at " + iv);
            assertTrue(iv.endMs() > iv.startMs());
            cursor = iv.endMs();
        }
        assertEquals(t.endMs(), cursor, 1e-6);
    }

    @Test
    void parkingAndObjectWaitAreWaiting() {
        Object monitor = new Object();
        Recording r = new Recorder().record("waits", () -> {
            Thread parker = Thread.ofPlatform().name("parker")
                    .start(() -> java.util.concurrent.locks.LockSupport.parkNanos(60_000_000L));
            Thread waiter = Thread.ofPlatform().name("waiter").start(() -> {
                synchronized (monitor) {
                    try {
                        monitor.wait(60);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            });
            parker.join();
            waiter.join();
            return null;
        });
        for (String name : List.of("parker", "waiter")) {
            ThreadRecord t = r.thread(name).orElseThrow();
            double waiting = r.msIn(t.index(), ThreadState.WAITING);
            assertTrue(waiting >= 59 && waiting <= t.lifeMs(), name + " waiting " + waiting + "\n" + r.summaryText());
        }
        assertTrue(r.summary().waitingMs() >= 118);
    }

    @Test
    void aSocketReadIsIo() throws Exception {
        try (java.net.ServerSocket server = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            Thread.ofPlatform().daemon().start(() -> {
                try (java.net.Socket s = server.accept()) {
                    sleep(60); // the client's read waits this long for the byte
                    s.getOutputStream().write(42);
                } catch (java.io.IOException ignored) {
                    // the test fails on the client side if this goes wrong
                }
            });
            Recording r = new Recorder().record("io", () -> {
                Thread.ofPlatform().name("reader").start(() -> {
                    try (java.net.Socket s = new java.net.Socket(server.getInetAddress(), server.getLocalPort())) {
                        s.getInputStream().read();
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }).join();
                return null;
            });
            ThreadRecord t = r.thread("reader").orElseThrow();
            double io = r.msIn(t.index(), ThreadState.IO);
            assertTrue(io >= 50 && io <= t.lifeMs(), "io " + io + "\n" + r.summaryText());
        }
    }

    /** The lane's last interval: what the thread was doing when the recording stopped. */
    private static Interval last(Recording r, ThreadRecord t) {
        List<Interval> ivs = r.intervalsOf(t.index());
        return ivs.get(ivs.size() - 1);
    }

    /** ms from {@code fromNanos} to the end of the recording whose body started at {@code bodyStartNanos}. */
    private static double untilEndMs(Recording r, long bodyStartNanos, long fromNanos) {
        return r.wallMs() - (fromNanos - bodyStartNanos) / 1e6;
    }

    @Test
    void aThreadStillSleepingWhenTheRecordingEndsIsSleepingNotRunnable() {
        long[] nanos = new long[2]; // body start, sleep start
        Recording r = new Recorder(Recorder.Options.defaults().withSettle(Duration.ofMillis(10)))
                .record("sleeps past the end", () -> {
                    nanos[0] = System.nanoTime();
                    Thread.ofPlatform().daemon().name("late-sleeper").start(() -> {
                        nanos[1] = System.nanoTime();
                        sleep(2000);
                    });
                    Thread.sleep(300);
                    return null;
                });
        ThreadRecord t = r.thread("late-sleeper").orElseThrow();
        double truth = untilEndMs(r, nanos[0], nanos[1]);
        double slept = r.msIn(t.index(), ThreadState.SLEEPING);
        String why = "asleep for the last " + truth + " ms\n" + r.summaryText() + "\n" + r.intervalsOf(t.index());
        assertFalse(t.ended(), why);
        // JFR has no event for a sleep that has not ended: the sampled state and top frame say it
        assertEquals(ThreadState.SLEEPING, last(r, t).state(), why);
        assertTrue(slept >= truth - Math.max(25, 0.2 * truth) && slept <= truth + 25, why);
    }

    @Test
    void anIdleExecutorWorkerAtTheEndIsWaiting() throws Exception {
        long[] nanos = new long[2]; // body start, task end
        java.util.concurrent.ExecutorService[] pool = new java.util.concurrent.ExecutorService[1];
        try {
            Recording r = new Recorder().record("idle worker", () -> {
                nanos[0] = System.nanoTime();
                pool[0] = java.util.concurrent.Executors.newFixedThreadPool(1,
                        task -> Thread.ofPlatform().daemon().name("worker").unstarted(task));
                pool[0].submit(() -> {
                    spin(20);
                    nanos[1] = System.nanoTime();
                }).get();
                Thread.sleep(250); // the worker sits in queue.take() from here to the end
                return null;
            });
            ThreadRecord t = r.thread("worker").orElseThrow();
            double truth = untilEndMs(r, nanos[0], nanos[1]);
            double waiting = r.msIn(t.index(), ThreadState.WAITING);
            String why = "idle for the last " + truth + " ms\n" + r.summaryText() + "\n" + r.intervalsOf(t.index());
            assertEquals(ThreadState.WAITING, last(r, t).state(), why);
            assertTrue(waiting >= truth - Math.max(25, 0.2 * truth) && waiting <= truth + 25, why);
            assertEquals(0, r.msIn(t.index(), ThreadState.SLEEPING), why);
        } finally {
            pool[0].shutdownNow();
        }
    }

    @Test
    void aCallerTimedOutInSleepIsSleepingUpToTheTimeout() {
        Recording r = new Recorder(Recorder.Options.defaults().withCallingThread(true)
                .withTimeout(Duration.ofMillis(300)))
                .record("times out asleep", () -> {
                    Thread.sleep(5000);
                    return null;
                });
        assertTrue(r.timedOut());
        String why = r.summaryText() + "\n" + r.intervalsOf(0);
        assertEquals(ThreadState.SLEEPING, last(r, r.threads().get(0)).state(), why);
        assertTrue(r.msIn(0, ThreadState.SLEEPING) >= 0.8 * r.wallMs(), why);
    }

    @Test
    void aThreadBlockedOnAMonitorAtTheEndIsBlocked() {
        Object lock = new Object();
        long[] nanos = new long[2]; // body start, monitor asked for
        Recording r;
        synchronized (lock) {
            r = new Recorder(Recorder.Options.defaults().withSettle(Duration.ofMillis(10)))
                    .record("blocked past the end", () -> {
                        nanos[0] = System.nanoTime();
                        Thread.ofPlatform().daemon().name("late-blocked").start(() -> {
                            nanos[1] = System.nanoTime();
                            synchronized (lock) {
                                lock.notifyAll();
                            }
                        });
                        Thread.sleep(250);
                        return null;
                    });
        }
        ThreadRecord t = r.thread("late-blocked").orElseThrow();
        double truth = untilEndMs(r, nanos[0], nanos[1]);
        double blocked = r.msIn(t.index(), ThreadState.BLOCKED);
        String why = "blocked for the last " + truth + " ms\n" + r.summaryText() + "\n" + r.intervalsOf(t.index());
        assertEquals(ThreadState.BLOCKED, last(r, t).state(), why);
        assertTrue(blocked >= truth - Math.max(25, 0.2 * truth) && blocked <= truth + 25, why);
    }
}
