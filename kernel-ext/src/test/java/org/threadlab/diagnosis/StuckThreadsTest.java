package org.threadlab.diagnosis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.locks.ReentrantLock;
import org.junit.jupiter.api.Test;

class StuckThreadsTest {

    @Test
    void shortLockNames() {
        assertEquals("ReentrantLock@1b6d", StuckThreads.shortLock("java.util.concurrent.locks.ReentrantLock$NonfairSync@1b6d"));
        assertEquals("Account@ab", StuckThreads.shortLock("REPL.$JShell$12$Account@ab"));
        assertEquals("Account@ab", StuckThreads.shortLock("REPL.$JShell$12$Bank$Account@ab"));
    }

    @Test
    void aDeadlockIsNamedAsItsCycleAndItsThreadsCanBeInterrupted() throws Exception {
        ReentrantLock alice = new ReentrantLock();
        ReentrantLock bob = new ReentrantLock();
        CountDownLatch bothHoldOne = new CountDownLatch(2);
        Thread a = transfer("alice-to-bob", alice, bob, bothHoldOne);
        Thread b = transfer("bob-to-alice", bob, alice, bothHoldOne);
        try {
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (!deadlocked(a) && System.nanoTime() < deadline) {
                Thread.sleep(5); // polling for the JVM's own detection, not waiting for a guessed moment
            }
            // an earlier test may have left a deadlock of its own: ask for the one among newer threads
            String cycle = StuckThreads.deadlock(a.threadId() - 1);
            assertTrue(cycle != null && cycle.matches("(alice-to-bob|bob-to-alice) holds ReentrantLock@\\w+ and waits for "
                    + "ReentrantLock@\\w+, held by (bob-to-alice|alice-to-bob), which waits for ReentrantLock@\\w+, held by "
                    + "(alice-to-bob|bob-to-alice)"), String.valueOf(cycle));
            assertTrue(StuckThreads.whereStuck(a).endsWith("(waiting)"), StuckThreads.whereStuck(a));
        } finally {
            StuckThreads.interruptDeadlocked();
            a.join(10_000);
            b.join(10_000);
        }
        assertFalse(a.isAlive() || b.isAlive(), "interrupting a deadlock on java.util.concurrent locks ends it");
    }

    private static boolean deadlocked(Thread t) {
        return Arrays.stream(StuckThreads.deadlockedIds()).anyMatch(id -> id == t.threadId());
    }

    private static Thread transfer(String name, ReentrantLock first, ReentrantLock second, CountDownLatch bothHoldOne) {
        return Thread.ofPlatform().daemon().name(name).start(() -> {
            try {
                first.lockInterruptibly();
                try {
                    bothHoldOne.countDown();
                    bothHoldOne.await();
                    second.lockInterruptibly();
                    second.unlock();
                } finally {
                    first.unlock();
                }
            } catch (InterruptedException e) {
                // freed by interruptDeadlocked
            }
        });
    }
}
