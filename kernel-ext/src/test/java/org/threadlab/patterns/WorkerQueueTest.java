package org.threadlab.patterns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.threadlab.patterns.WorkerQueue.Result;

class WorkerQueueTest {
    private static final Duration ITEM = Duration.ofMillis(5);

    private static void assertAllHandled(Result r, int items, int workers) {
        assertEquals(items, r.processed(), r.toString());
        assertEquals(0, r.leftover(), r.toString());
        assertTrue(r.processedByWorker().size() <= workers, r.toString());
        assertTrue(r.processedByWorker().keySet().stream().allMatch(n -> n.startsWith("worker-")), r.toString());
    }

    @Test
    void drainingAPrefilledQueueHandlesEveryItem() throws Exception {
        Result r = WorkerQueue.drainUntilEmpty(20, 5, ITEM);
        assertAllHandled(r, 20, 5);
        assertEquals(5, r.processedByWorker().size());
    }

    @Test
    void drainingWhileAProducerIsSlowLeavesTheLateItems() throws Exception {
        for (int run = 0; run < 3; run++) {
            Result r = WorkerQueue.drainWhileProducing(20, 5, 5, ITEM);
            assertEquals(5, r.processed(), r.toString());
            assertEquals(15, r.leftover(), r.toString());
            assertEquals(20, r.produced());
        }
    }

    @Test
    void poisonPillsHandleEveryItemAddedWhileWorkersRun() throws Exception {
        for (int run = 0; run < 3; run++) {
            assertAllHandled(WorkerQueue.poisonPills(20, 4, ITEM), 20, 4);
        }
    }

    @Test
    void fixedPoolHandlesEveryItem() throws Exception {
        Result r = WorkerQueue.fixedThreadPool(20, 4, ITEM);
        assertAllHandled(r, 20, 4);
    }

    @Test
    void workersShareTheWork() throws Exception {
        // 20 items of 20 ms over 4 workers: each worker gets some (a generous check, not an even split)
        Result r = WorkerQueue.drainUntilEmpty(20, 4, Duration.ofMillis(20));
        assertTrue(r.processedByWorker().values().stream().filter(n -> n > 0).count() >= 2, r.toString());
    }

    @Test
    void rejectsBadCounts() {
        assertThrows(IllegalArgumentException.class, () -> WorkerQueue.drainUntilEmpty(5, 0, ITEM));
        assertThrows(IllegalArgumentException.class, () -> WorkerQueue.drainWhileProducing(5, 6, 2, ITEM));
    }
}
