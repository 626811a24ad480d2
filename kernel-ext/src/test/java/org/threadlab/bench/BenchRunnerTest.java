package org.threadlab.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class BenchRunnerTest {
    @Test
    void warmupRunsAreNotCountedAndEveryPointRuns() {
        Map<Object, AtomicInteger> calls = new java.util.HashMap<>();
        BenchResult r = new BenchRunner().run(BenchOptions.parse("threads=1,2", "--repeat", "3", "--warmup", "2"),
                b -> calls.computeIfAbsent(b.get("threads"), k -> new AtomicInteger()).incrementAndGet());
        assertEquals(5, calls.get(1).get());
        assertEquals(5, calls.get(2).get());
        assertEquals(3, r.points().get(0).runsMs().length);
        assertEquals(3, r.points().get(0).stats().n());
        assertFalse(r.cancelled());
    }

    @Test
    void aFailingPointIsReportedWithItsRootCauseAndTheOthersStillRun() {
        List<Object> ran = new ArrayList<>();
        BenchResult r = new BenchRunner().run(BenchOptions.parse("threads=1,2,4", "--repeat", "2"), b -> {
            ran.add(b.get("threads"));
            if ((Integer) b.get("threads") == 2) {
                throw new IllegalStateException("wrapper", new ArithmeticException("/ by zero\nsecond line"));
            }
        });
        assertEquals(List.of(1, 1, 1, 2, 4, 4, 4), ran);   // 2 stops at its first (warm-up) run
        BenchPoint failed = r.points().get(1);
        assertTrue(failed.failed());
        assertEquals("ArithmeticException: / by zero", failed.failure());
        assertNull(failed.stats());
        assertFalse(r.points().get(2).failed());
        assertTrue(r.table().contains("FAILED: ArithmeticException: / by zero"), r.table());
        assertEquals(1, r.failures().size());
    }

    @Test
    void progressReportsEveryRunWithItsPhaseAndPosition() {
        List<BenchProgress.Step> steps = new ArrayList<>();
        new BenchRunner(steps::add).run(BenchOptions.parse("n=10,20", "--repeat", "2", "--warmup", "1"), b -> { });
        assertEquals(6, steps.size());
        BenchProgress.Step first = steps.get(0);
        assertTrue(first.warmup());
        assertEquals(1, first.point());
        assertEquals(2, first.points());
        BenchProgress.Step last = steps.get(5);
        assertFalse(last.warmup());
        assertEquals(2, last.run());
        assertEquals(2, last.runs());
        assertEquals(Map.of("n", 20), last.binding());
        assertTrue(last.line().startsWith("[2/2] n=20  run 2/2  last "), last.line());
    }

    @Test
    void failureIsAlsoAProgressStep() {
        List<BenchProgress.Step> steps = new ArrayList<>();
        new BenchRunner(steps::add).run(BenchOptions.parse("n=1", "--warmup", "0"), b -> {
            throw new Exception("boom");
        });
        assertEquals(1, steps.size());
        assertEquals("Exception: boom", steps.get(0).failure());
        assertTrue(steps.get(0).line().contains("failed: Exception: boom"));
    }

    @Test
    void cancelStopsBeforeTheNextRunKeepsTheRunsOfThePointItWasInAndMarksTheRest() {
        BenchRunner runner = new BenchRunner();
        AtomicInteger calls = new AtomicInteger();
        BenchResult r = runner.run(BenchOptions.parse("n=1,2,3", "--repeat", "5", "--warmup", "1"), b -> {
            if (calls.incrementAndGet() == 8) { // the warm-up and 5 runs of n=1, the warm-up and 1 run of n=2
                runner.cancel();
            }
        });
        assertEquals(8, calls.get());
        assertTrue(r.cancelled());
        assertEquals(5, r.points().get(0).runsMs().length);
        BenchPoint interrupted = r.points().get(1);
        assertFalse(interrupted.failed(), String.valueOf(interrupted.failure()));
        assertEquals(1, interrupted.runsMs().length);
        assertEquals(1, interrupted.stats().n());
        assertEquals("not run: cancelled", r.points().get(2).failure());
        assertTrue(r.warnings().contains("n=2: interrupted after 1 of 5 runs; its figures are from those 1."), r.warnings().toString());
        assertEquals(1 + 5 + 1, r.toCsv().lines().count(), "every completed run is a CSV row");
        assertTrue(r.table().contains("interrupted after 1 of 5 runs"), r.table());
    }

    @Test
    void anInterruptedBodyKeepsTheRunsBeforeIt() {
        AtomicInteger calls = new AtomicInteger();
        try {
            BenchResult r = new BenchRunner().run(BenchOptions.parse("n=1,2", "--repeat", "20", "--warmup", "0"), b -> {
                if (calls.incrementAndGet() == 16) {
                    throw new InterruptedException("stopped by the kernel"); // as %%bench turns a stop into
                }
            });
            assertTrue(r.cancelled());
            assertEquals(15, r.points().get(0).runsMs().length, "the 15 runs before the interrupted one");
            assertTrue(r.points().get(1).failed());
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void aPointCancelledDuringItsWarmUpHasNoFiguresAndFails() {
        BenchRunner runner = new BenchRunner();
        BenchResult r = runner.run(BenchOptions.parse("n=1", "--repeat", "3", "--warmup", "2"), b -> runner.cancel());
        assertEquals("cancelled before its first counted run", r.points().get(0).failure());
        assertEquals(1, r.toCsv().lines().count(), "the header only");
    }

    @Test
    void aRepeatOfBillionsStartsAtOnceAndStopsOnCancel() {
        // the runner once allocated every run's slot up front: 8 GB for --repeat 1000000000, an
        // OutOfMemoryError that killed the kernel's shell thread
        BenchRunner runner = new BenchRunner();
        AtomicInteger calls = new AtomicInteger();
        String max = String.valueOf(Integer.MAX_VALUE);
        BenchResult r = runner.run(BenchOptions.parse("n=1", "--repeat", max, "--warmup", max), b -> {
            if (calls.incrementAndGet() == 5000) {
                runner.cancel();
            }
        });
        assertEquals(5000, calls.get());
        assertTrue(r.cancelled());
    }

    @Test
    void everyRunIsKeptBeyondTheFirstAllocation() {
        int repeat = 3 * BenchRunner.INITIAL_RUNS + 7;
        List<Integer> steps = new ArrayList<>();
        BenchResult r = new BenchRunner(step -> steps.add(step.run())).run(
                BenchOptions.parse("n=1", "--repeat", String.valueOf(repeat), "--warmup", "0"), b -> { });
        assertEquals(repeat, r.points().get(0).runsMs().length);
        assertEquals(repeat, r.points().get(0).stats().n());
        assertEquals(repeat, steps.get(steps.size() - 1));
    }

    @Test
    void interruptionCancelsAndStaysSet() {
        try {
            BenchResult r = new BenchRunner().run(BenchOptions.parse("n=1,2", "--warmup", "0"), b -> {
                throw new InterruptedException();
            });
            assertTrue(r.cancelled());
            assertTrue(Thread.currentThread().isInterrupted());
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void timesAreMeasuredInMilliseconds() {
        BenchResult r = new BenchRunner().run(BenchOptions.parse("n=1", "--repeat", "3", "--warmup", "0"),
                b -> Thread.sleep(20));
        double median = r.points().get(0).stats().median();
        assertTrue(median >= 19 && median < 200, "median " + median);
    }
}
