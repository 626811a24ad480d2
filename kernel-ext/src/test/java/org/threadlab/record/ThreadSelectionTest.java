package org.threadlab.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Which threads become lanes, from synthetic thread starts. */
class ThreadSelectionTest {
    private static final long CALLER = 1;

    private static ThreadStart platform(long id, String name, long parent, long epochNs) {
        return new ThreadStart(id, name, "main", parent, "p" + parent, epochNs, false);
    }

    private static ThreadStart inGroup(long id, String group, long parent) {
        return new ThreadStart(id, "g" + id, group, parent, "p" + parent, 0, false);
    }

    private static ThreadStart virtual(long id, long epochNs) {
        return new ThreadStart(id, "", "", -1, null, epochNs, true);
    }

    private static List<Long> ids(List<ThreadStart> lanes) {
        return lanes.stream().map(ThreadStart::id).toList();
    }

    private static final long MS = 1_000_000;

    @Test
    void theCallersDescendantsAndEveryVirtualThreadAreLanesInStartOrder() {
        List<ThreadStart> started = List.of(
                platform(12, "grandchild", 10, 300 * MS),
                platform(10, "child", CALLER, 100 * MS),
                platform(20, "someone else's", 99, 50 * MS),
                platform(21, "its child", 20, 60 * MS),
                virtual(30, 200 * MS),
                platform(31, "started by a virtual thread", 30, 250 * MS));
        assertEquals(List.of(10L, 30L, 31L, 12L), ids(ThreadSelection.lanes(started, CALLER, null)));
    }

    @Test
    void carriersInnocuousAndJfrThreadsAreNeverLanesNorIsWhatTheyStart() {
        List<ThreadStart> started = List.of(
                inGroup(10, LiveThreads.CARRIER_GROUP, CALLER),
                platform(11, "started by a carrier", 10, 0),
                inGroup(12, "InnocuousThreadGroup", CALLER),
                platform(13, "JFR Periodic Tasks", CALLER, 0),
                platform(14, "started by JFR", 13, 0),
                platform(15, "mine", CALLER, 0));
        assertEquals(List.of(15L), ids(ThreadSelection.lanes(started, CALLER, null)));
    }

    @Test
    void aLoopsThreadsStartingWithinAMillisecondReadInNameOrderThoughJfrSawThemStartOutOfOrder() {
        // JFR times a start when the thread first runs: worker-2 ran before worker-1, worker-10 before worker-9
        List<ThreadStart> started = List.of(platform(10, "worker-0", CALLER, 100 * MS),
                platform(12, "worker-2", CALLER, 100 * MS + 300_000), platform(11, "worker-1", CALLER, 100 * MS + 500_000),
                platform(20, "worker-10", CALLER, 100 * MS + 900_000), platform(19, "worker-9", CALLER, 101 * MS + 200_000),
                platform(30, "later", CALLER, 150 * MS));
        assertEquals(List.of(10L, 11L, 12L, 19L, 20L, 30L), ids(ThreadSelection.lanes(started, CALLER, null)));
    }

    @Test
    void aThreadStartedTogetherWithItsParentStillComesAfterIt() {
        List<ThreadStart> started = List.of(platform(10, "mine", CALLER, 100 * MS),
                platform(11, "a-grandchild", 10, 100 * MS + 800_000),
                platform(12, "worker-2", CALLER, 100 * MS + 200_000), platform(13, "worker-1", CALLER, 100 * MS + 900_000));
        assertEquals(List.of(10L, 13L, 12L, 11L), ids(ThreadSelection.lanes(started, CALLER, null)));
    }

    @Test
    void threadsStartingTogetherWithOneNameAreOrderedById() {
        List<ThreadStart> started = List.of(platform(12, "pool", CALLER, 5), platform(11, "pool", CALLER, 6),
                virtual(14, 5), virtual(13, 7), platform(9, "a-first-name", CALLER, 500 * MS));
        assertEquals(List.of(13L, 14L, 11L, 12L, 9L), ids(ThreadSelection.lanes(started, CALLER, null)));
    }

    @Test
    void namesCompareTheirNumbersAsNumbers() {
        assertTrue(ThreadSelection.compareNames("worker-2", "worker-10") < 0);
        assertTrue(ThreadSelection.compareNames("worker-010", "worker-9") > 0);
        assertTrue(ThreadSelection.compareNames("pool-1-thread-3", "pool-2-thread-1") < 0);
        assertTrue(ThreadSelection.compareNames("w7", "w7a") < 0);
        assertEquals(0, ThreadSelection.compareNames("w-07", "w-7"));
        assertEquals(0, ThreadSelection.compareNames("w-0", "w-000"), "zeros alone are the number 0");
        assertTrue(ThreadSelection.compareNames("w-000", "w-1") < 0);
        assertTrue(ThreadSelection.compareNames("w-100", "w-99") > 0);
        assertTrue(ThreadSelection.compareNames("x-09", "x-10") < 0);
        assertTrue(ThreadSelection.compareNames("x-19", "x-20") < 0, "same length: digit by digit");
        assertTrue(ThreadSelection.compareNames("a", "b") < 0);
    }

    @Test
    void theCallerIsALaneOnlyWhenGivenOne() {
        List<ThreadStart> started = List.of(platform(10, "child", CALLER, 100));
        ThreadStart callerLane = new ThreadStart(CALLER, "zz-main", "", -1, null, 100, false);
        assertEquals(List.of(1L, 10L), ids(ThreadSelection.lanes(started, CALLER, callerLane)), "the caller comes first");
        assertEquals(List.of(10L), ids(ThreadSelection.lanes(started, CALLER, null)));
    }

    @Test
    void carriersAreThoseAliveBeforeThenThoseStartedWhileRecording() {
        List<ThreadStart> started = List.of(inGroup(40, LiveThreads.CARRIER_GROUP, 3), platform(41, "w", CALLER, 0));
        assertEquals(List.of(7L, 40L), ThreadSelection.carriers(Set.of(7L), started));
    }
}
