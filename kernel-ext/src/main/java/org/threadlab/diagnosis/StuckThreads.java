package org.threadlab.diagnosis;

import java.lang.management.LockInfo;
import java.lang.management.ManagementFactory;
import java.lang.management.MonitorInfo;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Threads that will not finish, in words a student can act on: the cycle of a deadlock
 * ({@code alice-to-bob holds Account@1b6d3586 and waits for Account@4554617c, held by
 * bob-to-alice, which waits for Account@1b6d3586, held by alice-to-bob}), or where a thread is
 * stuck, by its notebook frames.
 *
 * <pre>{@code
 * String cycle = StuckThreads.deadlock();        // null when there is none
 * String where = StuckThreads.whereStuck(worker); // "Bank.transfer (cell [4], line 3) ← <cell> (cell [5], line 1) (blocked)"
 * }</pre>
 *
 * <p>Deadlocks are found by {@link ThreadMXBean#findDeadlockedThreads()} (monitors and
 * {@code java.util.concurrent} locks). Thread-safety: all methods may be called from any thread;
 * each reads the JVM's threads at that moment.
 */
public final class StuckThreads {
    private StuckThreads() {
    }

    /** The cycle of a deadlock in this JVM, in words, or null when there is none. */
    public static String deadlock() {
        return deadlock(-1);
    }

    /**
     * Like {@link #deadlock()}, but only a deadlock among threads newer than thread id
     * {@code after} (any, when {@code after} is negative): an earlier test or cell may have left a
     * deadlock of its own behind, and it must not be blamed for this body's hang.
     */
    public static String deadlock(long after) {
        long[] ids = deadlockedIds();
        if (ids.length == 0 || Arrays.stream(ids).noneMatch(id -> id > after)) {
            return null;
        }
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        Map<Long, ThreadInfo> infos = new HashMap<>();
        for (ThreadInfo info : mx.getThreadInfo(ids, true, true)) {
            if (info != null) {
                infos.put(info.getThreadId(), info);
            }
        }
        // follow "waits for a lock owned by" from the lowest id until a thread repeats: that is the cycle
        long startId = Arrays.stream(ids).filter(id -> id > after).min().getAsLong();
        Map<Long, Integer> seen = new LinkedHashMap<>();
        List<ThreadInfo> path = new ArrayList<>();
        ThreadInfo at = infos.get(startId);
        while (at != null && !seen.containsKey(at.getThreadId())) {
            seen.put(at.getThreadId(), path.size());
            path.add(at);
            at = infos.get(at.getLockOwnerId());
        }
        List<ThreadInfo> cycle = at == null ? path : path.subList(seen.get(at.getThreadId()), path.size());
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < cycle.size(); i++) {
            ThreadInfo t = cycle.get(i);
            if (i == 0) {
                s.append(t.getThreadName());
                String held = held(t);
                if (!held.isEmpty()) {
                    s.append(" holds ").append(held).append(" and");
                }
                s.append(" waits for ");
            } else {
                s.append(", which waits for ");
            }
            s.append(shortLock(t.getLockName())).append(", held by ").append(t.getLockOwnerName());
        }
        return s.toString();
    }

    /** The ids of the deadlocked threads in this JVM; empty when there are none. */
    public static long[] deadlockedIds() {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        long[] ids = mx.isSynchronizerUsageSupported() ? mx.findDeadlockedThreads() : mx.findMonitorDeadlockedThreads();
        return ids == null ? new long[0] : ids;
    }

    /** Interrupts the deadlocked threads: those waiting for a {@code java.util.concurrent} lock give up; monitors cannot be freed. */
    public static void interruptDeadlocked() {
        long[] ids = deadlockedIds();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (Arrays.stream(ids).anyMatch(id -> id == t.threadId())) {
                t.interrupt();
            }
        }
    }

    /** Where {@code thread} is: its innermost notebook frames (up to 3), else its top frame, and its state. */
    public static String whereStuck(Thread thread) {
        StackTraceElement[] stack = thread.getStackTrace();
        List<String> own = CellFrames.names(stack);
        String state = thread.getState().toString().toLowerCase(Locale.ROOT);
        if (!own.isEmpty()) {
            return String.join(" ← ", own.subList(0, Math.min(3, own.size()))) + " (" + state + ")";
        }
        return stack.length > 0 ? stack[0].getClassName() + "." + stack[0].getMethodName() + " (" + state + ")" : state;
    }

    /** A thread's stack at one moment: {@link #snapshot()}; {@link #where} names its frames later, when cells' origins are known. */
    public record Snapshot(String deadlock, List<Stack> threads) {
    }

    /** One thread's name, state and stack when the {@link Snapshot} was taken. */
    public record Stack(String name, String state, StackTraceElement[] frames) {
    }

    /** The stacks of every live thread but the caller's, oldest first, and the deadlock's cycle if there is one. */
    public static Snapshot snapshot() {
        List<Map.Entry<Thread, StackTraceElement[]>> all = new ArrayList<>(Thread.getAllStackTraces().entrySet());
        all.sort(java.util.Comparator.comparingLong(e -> e.getKey().threadId()));
        List<Stack> stacks = new ArrayList<>();
        for (Map.Entry<Thread, StackTraceElement[]> e : all) {
            if (e.getKey() != Thread.currentThread()) {
                stacks.add(new Stack(e.getKey().getName(), e.getKey().getState().toString().toLowerCase(Locale.ROOT), e.getValue()));
            }
        }
        return new Snapshot(deadlock(), stacks);
    }

    /**
     * Where each thread of {@code snapshot} running notebook code was, one a line:
     * {@code "summer-0" at Worker.run (cell [3], line 7) (waiting)}, at most {@code max}; the
     * deadlock's cycle first when there was one. Empty when no thread ran notebook code.
     */
    public static List<String> where(Snapshot snapshot, int max) {
        List<String> out = new ArrayList<>();
        if (snapshot.deadlock() != null) {
            out.add("deadlock: " + snapshot.deadlock());
        }
        int shown = 0;
        for (Stack t : snapshot.threads()) {
            List<String> own = CellFrames.names(t.frames());
            if (own.isEmpty()) {
                continue;
            }
            if (shown++ == max) {
                out.add("…");
                break;
            }
            out.add("\"" + t.name() + "\" at " + String.join(" ← ", own.subList(0, Math.min(3, own.size()))) + " (" + t.state() + ")");
        }
        return out;
    }

    private static String held(ThreadInfo t) {
        List<String> locks = new ArrayList<>();
        for (MonitorInfo m : t.getLockedMonitors()) {
            locks.add(shortLock(m.toString()));
        }
        for (LockInfo l : t.getLockedSynchronizers()) {
            locks.add(shortLock(l.toString()));
        }
        return String.join(" and ", locks.stream().distinct().toList());
    }

    /** {@code java.util.concurrent.locks.ReentrantLock$NonfairSync@1b6d3586} → {@code ReentrantLock@1b6d3586}. */
    static String shortLock(String lock) {
        if (lock == null) {
            return "?";
        }
        int at = lock.indexOf('@');
        String cls = CellFrames.className(at < 0 ? lock : lock.substring(0, at)); // REPL.$JShell$12$Account -> Account
        String hash = at < 0 ? "" : lock.substring(at);
        cls = cls.substring(cls.lastIndexOf('.') + 1);
        cls = cls.replaceAll("\\$(NonfairSync|FairSync|Sync)$", "");
        return cls + hash;
    }
}
