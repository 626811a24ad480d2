package org.threadlab.record;

import static org.junit.jupiter.api.Assertions.assertEquals;

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

    @Test
    void theCallersDescendantsAndEveryVirtualThreadAreLanesInStartOrder() {
        List<ThreadStart> started = List.of(
                platform(12, "grandchild", 10, 300),
                platform(10, "child", CALLER, 100),
                platform(20, "someone else's", 99, 50),
                platform(21, "its child", 20, 60),
                virtual(30, 200),
                platform(31, "started by a virtual thread", 30, 250));
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
    void threadsStartingAtOneInstantAreOrderedById() {
        List<ThreadStart> started = List.of(platform(12, "b", CALLER, 5), platform(11, "a", CALLER, 5),
                virtual(13, 5), platform(10, "first", CALLER, 4));
        assertEquals(List.of(10L, 11L, 12L, 13L), ids(ThreadSelection.lanes(started, CALLER, null)));
    }

    @Test
    void theCallerIsALaneOnlyWhenGivenOne() {
        List<ThreadStart> started = List.of(platform(10, "child", CALLER, 100));
        ThreadStart callerLane = new ThreadStart(CALLER, "main", "", -1, null, 0, false);
        assertEquals(List.of(1L, 10L), ids(ThreadSelection.lanes(started, CALLER, callerLane)));
        assertEquals(List.of(10L), ids(ThreadSelection.lanes(started, CALLER, null)));
    }

    @Test
    void carriersAreThoseAliveBeforeThenThoseStartedWhileRecording() {
        List<ThreadStart> started = List.of(inGroup(40, LiveThreads.CARRIER_GROUP, 3), platform(41, "w", CALLER, 0));
        assertEquals(List.of(7L, 40L), ThreadSelection.carriers(Set.of(7L), started));
    }
}
