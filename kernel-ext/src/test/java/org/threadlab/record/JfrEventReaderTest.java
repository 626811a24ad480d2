package org.threadlab.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real JFR file read into plain values: which events are kept, and the state each one means. */
class JfrEventReaderTest {

    /** Records {@code body} with the recorder's events into {@code file}; returns the newest thread id before it. */
    private static long recordTo(Path file, boolean mark, Runnable body) throws Exception {
        try (jdk.jfr.Recording r = new jdk.jfr.Recording()) {
            Recorder.enableEvents(r);
            r.start();
            long baseline = Thread.ofPlatform().unstarted(() -> { }).threadId();
            if (mark) {
                new MarkEvent().commit();
            }
            body.run();
            r.stop();
            r.dump(file);
            return baseline;
        }
    }

    private static List<ThreadState> statesOf(ThreadEvents ev, long id) {
        List<ThreadState> states = new ArrayList<>();
        for (int i = 0; i < ev.states(); i++) {
            if (ev.stateThread(i) == id) {
                states.add(ev.state(i));
                assertTrue(ev.stateEndNs(i) >= ev.stateStartNs(i));
            }
        }
        return states;
    }

    @Test
    void aThreadsStartEndAndStatesAreReadWithItsParent(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("r.jfr");
        Object monitor = new Object();
        Thread[] worker = new Thread[1];
        long baseline = recordTo(file, true, () -> {
            worker[0] = Thread.ofPlatform().name("reader-test").start(() -> {
                RecorderTest.sleep(2);
                LockSupport.parkNanos(2_000_000);
                synchronized (monitor) {
                    try {
                        monitor.wait(2);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            });
            try {
                worker[0].join();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        long id = worker[0].threadId();
        ThreadEvents ev = JfrEventReader.read(file, new ThreadWindow(baseline, Thread.currentThread().threadId(),
                Set.of()));
        assertTrue(ev.hasMark());
        ThreadStart start = ev.starts().stream().filter(s -> s.id() == id).findFirst().orElseThrow();
        assertEquals("reader-test", start.name());
        assertEquals(Thread.currentThread().threadId(), start.parentId());
        assertEquals(Thread.currentThread().getName(), start.parentName());
        assertFalse(start.virtual());
        assertNotNull(ev.endEpochNs(id));
        assertTrue(ev.endEpochNs(id) >= start.epochNs());
        List<ThreadState> states = statesOf(ev, id);
        assertTrue(states.contains(ThreadState.SLEEPING), states.toString());
        assertTrue(states.contains(ThreadState.WAITING), states.toString()); // park and Object.wait
        assertTrue(states.stream().allMatch(s -> s == ThreadState.SLEEPING || s == ThreadState.WAITING),
                states.toString());
    }

    @Test
    void eventsOfThreadsOutsideTheWindowAreNotKept(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("r.jfr");
        Thread[] worker = new Thread[1];
        recordTo(file, false, () -> {
            worker[0] = Thread.ofPlatform().name("not ours").start(() -> RecorderTest.sleep(2));
            try {
                worker[0].join();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        long id = worker[0].threadId();
        ThreadEvents ev = JfrEventReader.read(file, new ThreadWindow(Long.MAX_VALUE, -1, Set.of()));
        assertFalse(ev.hasMark());
        assertTrue(ev.starts().isEmpty());
        assertNull(ev.endEpochNs(id));
        assertEquals(0, ev.states());
        ThreadEvents ours = JfrEventReader.read(file, new ThreadWindow(id - 1, -1, Set.of(id)));
        assertTrue(ours.starts().stream().noneMatch(s -> s.id() == id), "the recorder's own thread");
        assertTrue(statesOf(ours, id).isEmpty());
    }

    @Test
    void aVirtualThreadIsReadAsVirtualWithoutAParent(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("r.jfr");
        Thread[] worker = new Thread[1];
        long baseline = recordTo(file, true, () -> {
            worker[0] = Thread.ofVirtual().start(() -> RecorderTest.sleep(2));
            try {
                worker[0].join();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        long id = worker[0].threadId();
        ThreadEvents ev = JfrEventReader.read(file, new ThreadWindow(baseline, -1, Set.of()));
        ThreadStart start = ev.starts().stream().filter(s -> s.id() == id).findFirst().orElseThrow();
        assertTrue(start.virtual());
        assertEquals(-1, start.parentId());
        assertNotNull(ev.endEpochNs(id));
        assertTrue(statesOf(ev, id).contains(ThreadState.SLEEPING));
    }
}
