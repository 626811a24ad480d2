package org.threadlab.patterns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.threadlab.patterns.Processes.ProcessSum;
import org.threadlab.patterns.Processes.StartupCost;

class ProcessesTest {

    @Test
    void twoChildJvmsSumTheRangeCorrectly() throws Exception {
        long n = 2_000_001;
        ProcessSum p = Processes.sumInChildJvms(n, 2, Duration.ofSeconds(60));
        assertEquals(SplitSumVariants.sumRange(0, n), p.total());
        assertEquals(2, p.children().size());
        assertEquals(0, p.children().get(0).low());
        assertEquals(p.children().get(0).high(), p.children().get(1).low());
        assertEquals(n, p.children().get(1).high());
        p.children().forEach(c -> {
            assertEquals(0, c.exitCode());
            assertTrue(c.pid() != ProcessHandle.current().pid());
        });
    }

    @Test
    void aChildStillRunningAtTheDeadlineIsKilled() {
        long before = ProcessHandle.current().children().count();
        // far too much work for 1 ms: the child is killed, not left running
        assertThrows(TimeoutException.class,
                () -> Processes.sumInChildJvms(Long.MAX_VALUE / 2, 1, Duration.ofMillis(1)));
        assertTrue(ProcessHandle.current().children().filter(ProcessHandle::isAlive).count() <= before);
    }

    @Test
    void aJvmCostsMoreToStartThanAThread() throws Exception {
        StartupCost c = Processes.startupCost(1);
        // generous: a JVM takes tens of ms at least, a thread well under one
        assertTrue(c.jvm().min().compareTo(c.thread().max()) > 0, c.summary());
    }
}
