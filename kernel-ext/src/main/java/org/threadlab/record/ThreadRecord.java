package org.threadlab.record;

import java.util.Optional;

/**
 * One thread a recorded cell started, as a lane in a {@link Recording}.
 *
 * <pre>{@code
 * for (ThreadRecord t : recording.threads()) {
 *     System.out.println(t.label() + ": " + t.origin());   // "spawned by cell-3", "virtual thread of cell-3"
 * }
 * }</pre>
 *
 * <p>Immutable, so safe to share between threads.
 *
 * @param index      position in {@link Recording#threads()}; {@link Interval#thread()} refers to it
 * @param id         {@link Thread#threadId()}
 * @param name       the thread's name as the JVM reported it (virtual threads are often unnamed)
 * @param label      a name unique within the recording: {@code name}, or {@code name#id} when empty or repeated
 * @param virtual    whether it is a virtual thread
 * @param parentId   id of the thread that started it, or {@code -1} where not known (virtual threads)
 * @param parentName name of that thread, or {@code null} where not known
 * @param startMs    start, in ms from the recording's start
 * @param endMs      end, in ms from the recording's start; the recording's end if it was still alive
 * @param ended      whether the thread was seen to end before the recording stopped
 * @param cpuNanos   CPU time used while recorded, or {@code -1} where not measurable (virtual threads)
 * @param owner      for a virtual thread whose starter JFR does not name: the thread whose recorded body
 *                   it ran under (the cell's thread), else {@code null}
 */
public record ThreadRecord(int index, long id, String name, String label, boolean virtual, long parentId,
        String parentName, double startMs, double endMs, boolean ended, long cpuNanos, String owner) {

    /** A thread whose owner is not known or not needed (its parent, if any, says where it came from). */
    public ThreadRecord(int index, long id, String name, String label, boolean virtual, long parentId,
            String parentName, double startMs, double endMs, boolean ended, long cpuNanos) {
        this(index, id, name, label, virtual, parentId, parentName, startMs, endMs, ended, cpuNanos, null);
    }

    /** The name of the thread that started this one, where known. */
    public Optional<String> spawnedBy() {
        return Optional.ofNullable(parentName);
    }

    /**
     * Where the thread came from, as far as the recorder can tell: {@code spawned by cell-3} (JFR
     * names the starter of platform threads), {@code virtual thread of cell-3} (JFR names no starter
     * for virtual threads; every one started while a body was recorded belongs to that body), else
     * {@code unknown}.
     */
    public String origin() {
        if (parentName != null) {
            return "spawned by " + parentName;
        }
        if (virtual && owner != null) {
            return "virtual thread of " + owner;
        }
        return "unknown";
    }

    public double lifeMs() {
        return endMs - startMs;
    }
}
