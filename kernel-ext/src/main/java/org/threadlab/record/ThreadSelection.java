package org.threadlab.record;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which threads are a recording's lanes: the platform threads the calling thread started and
 * their descendants (JFR's parent thread), and every virtual thread started while recording (JFR
 * gives those no parent), together with what those started. Never a virtual-thread carrier, an
 * {@code InnocuousThreadGroup} thread or a JFR thread, nor anything they started.
 *
 * <pre>{@code
 * List<ThreadStart> lanes = ThreadSelection.lanes(events.starts(), caller.threadId(), null);
 * }</pre>
 *
 * <p>Stateless.
 */
final class ThreadSelection {
    private ThreadSelection() {
    }

    /**
     * The lanes, ordered by start, then id.
     *
     * @param started   threads started while recording (see {@link ThreadWindow#startedInside})
     * @param callerId  the thread whose body was recorded: the root of the lineage
     * @param callerLane the calling thread as a lane of its own, or {@code null} for none
     */
    static List<ThreadStart> lanes(Collection<ThreadStart> started, long callerId, ThreadStart callerLane) {
        Map<Long, List<ThreadStart>> children = new HashMap<>();
        ArrayDeque<Long> todo = new ArrayDeque<>();
        todo.add(callerId);
        for (ThreadStart s : started) {
            if (s.virtual()) {
                todo.add(s.id());
            } else if (s.parentId() >= 0) {
                children.computeIfAbsent(s.parentId(), k -> new ArrayList<>()).add(s);
            }
        }
        List<ThreadStart> chosen = new ArrayList<>();
        for (ThreadStart s : started) {
            if (s.virtual()) {
                chosen.add(s);
            }
        }
        while (!todo.isEmpty()) {
            for (ThreadStart c : children.getOrDefault(todo.poll(), List.of())) {
                if (!excludedGroup(c.group()) && !c.name().startsWith("JFR ")) {
                    chosen.add(c);
                    todo.add(c.id());
                }
            }
        }
        if (callerLane != null) {
            chosen.add(callerLane);
        }
        chosen.sort(Comparator.comparingLong(ThreadStart::epochNs).thenComparingLong(ThreadStart::id));
        return chosen;
    }

    private static boolean excludedGroup(String group) {
        return LiveThreads.CARRIER_GROUP.equals(group) || "InnocuousThreadGroup".equals(group);
    }

    /**
     * The virtual-thread carriers whose CPU counts when the cell ran virtual threads: those alive
     * when recording began, then those started while recording.
     */
    static List<Long> carriers(Set<Long> carriersBefore, Collection<ThreadStart> started) {
        List<Long> ids = new ArrayList<>(carriersBefore);
        for (ThreadStart s : started) {
            if (LiveThreads.CARRIER_GROUP.equals(s.group())) {
                ids.add(s.id());
            }
        }
        return ids;
    }
}
