package org.threadlab.record;

/**
 * A thread's start as JFR reported it, or the calling thread's stand-in when it is a lane.
 *
 * @param id         {@link Thread#threadId()}
 * @param name       the thread's name; empty where JFR has none
 * @param group      its thread group's name; empty where none (virtual threads)
 * @param parentId   the id of the thread that started it, or {@code -1} (virtual threads)
 * @param parentName that thread's name, or {@code null}
 * @param epochNs    when it started, in ns since the epoch (JFR's clock)
 * @param virtual    whether it is a virtual thread
 */
record ThreadStart(long id, String name, String group, long parentId, String parentName, long epochNs,
        boolean virtual) {
}
