package org.threadlab.record;

import java.util.Set;

/**
 * Which thread ids a recording may show: threads started after it began (ids grow, so newer
 * than {@code baselineId}) and the calling thread, never the recorder's own threads.
 *
 * @param baselineId the newest id that existed when the recording began
 * @param callerId   the thread whose body is recorded
 * @param ours       the recorder's own threads, newer than the baseline but never shown
 */
record ThreadWindow(long baselineId, long callerId, Set<Long> ours) {

    /** Whether thread {@code id} started while recording and is not the recorder's. */
    boolean startedInside(long id) {
        return id > baselineId && !ours.contains(id);
    }

    /** Whether thread {@code id}'s states may be shown: started inside, or the caller. */
    boolean mayBeShown(long id) {
        return (id > baselineId || id == callerId) && !ours.contains(id);
    }
}
