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

    /** Threads that start within this long of the one before read as started together: by name. */
    static final long TOGETHER_NS = 1_000_000;

    /**
     * The lanes, the calling thread first, then by start, then by name: threads that start one
     * after another within {@value #TOGETHER_NS} ns of each other (a loop's threads) are ordered by
     * name, numbers in names compared as numbers ({@code worker-2} before {@code worker-10}), then
     * by id; a thread started by one of them still comes after its parent. JFR times a thread's
     * start when it first runs, which is not the order of the {@code start()} calls, so by start
     * alone a loop's threads come out of order.
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
        chosen.sort(Comparator.comparingLong(ThreadStart::epochNs).thenComparingLong(ThreadStart::id));
        List<ThreadStart> ordered = new ArrayList<>(chosen.size() + 1);
        if (callerLane != null) {
            ordered.add(callerLane);
        }
        for (int from = 0; from < chosen.size(); ) {
            int to = from + 1;
            while (to < chosen.size() && chosen.get(to).epochNs() - chosen.get(to - 1).epochNs() <= TOGETHER_NS) {
                to++;
            }
            List<ThreadStart> group = chosen.subList(from, to);
            // a thread's depth below the others of its group (its parent's, its parent's parent's...);
            // virtual threads have no parent, so a loop's virtual threads all have depth 0
            Map<Long, ThreadStart> byId = null;
            if (group.stream().anyMatch(t -> t.parentId() >= 0)) {
                byId = new HashMap<>();
                for (ThreadStart t : group) {
                    byId.put(t.id(), t);
                }
            }
            List<Ranked> together = new ArrayList<>(group.size());
            for (ThreadStart t : group) {
                int d = 0;
                if (byId != null) {
                    for (ThreadStart p = byId.get(t.parentId()); p != null && d < group.size(); p = byId.get(p.parentId())) {
                        d++;
                    }
                }
                together.add(new Ranked(t, d));
            }
            together.sort(Comparator.comparingInt(Ranked::depth)
                    .thenComparing((a, b) -> compareNames(a.start().name(), b.start().name()))
                    .thenComparingLong(r -> r.start().id()));
            for (Ranked r : together) {
                ordered.add(r.start());
            }
            from = to;
        }
        return ordered;
    }

    /** A lane to order, with its depth in its group. */
    private record Ranked(ThreadStart start, int depth) {
    }

    /** Names compared as people read them: runs of digits by their value ({@code w-2 < w-10}), the rest by character. */
    static int compareNames(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            char ca = a.charAt(i);
            char cb = b.charAt(j);
            if (Character.isDigit(ca) && Character.isDigit(cb)) {
                int ei = i;
                int ej = j;
                while (ei < a.length() && Character.isDigit(a.charAt(ei))) {
                    ei++;
                }
                while (ej < b.length() && Character.isDigit(b.charAt(ej))) {
                    ej++;
                }
                // leading zeros aside (one digit kept), the longer run is larger, then digit by digit
                int si = i;
                while (si < ei - 1 && a.charAt(si) == '0') {
                    si++;
                }
                int sj = j;
                while (sj < ej - 1 && b.charAt(sj) == '0') {
                    sj++;
                }
                int c = Integer.compare(ei - si, ej - sj);
                for (int k = 0; c == 0 && k < ei - si; k++) {
                    c = Character.compare(a.charAt(si + k), b.charAt(sj + k));
                }
                if (c != 0) {
                    return c;
                }
                i = ei;
                j = ej;
            } else {
                if (ca != cb) {
                    return Character.compare(ca, cb);
                }
                i++;
                j++;
            }
        }
        return Integer.compare(a.length() - i, b.length() - j);
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
