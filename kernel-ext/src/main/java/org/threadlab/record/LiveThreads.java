package org.threadlab.record;

import java.util.HashSet;
import java.util.Set;

/** Looks at the live platform threads through the root thread group (no stack walks, so cheap). */
final class LiveThreads {
    static final String CARRIER_GROUP = "CarrierThreads";

    private LiveThreads() {
    }

    private static Thread[] all() {
        ThreadGroup root = Thread.currentThread().getThreadGroup();
        while (root.getParent() != null) {
            root = root.getParent();
        }
        Thread[] threads = new Thread[root.activeCount() + 16];
        int n;
        while ((n = root.enumerate(threads, true)) == threads.length) {
            threads = new Thread[threads.length * 2];
        }
        return java.util.Arrays.copyOf(threads, n);
    }

    /** Ids of the live virtual-thread carriers. */
    static Set<Long> carrierIds() {
        Set<Long> ids = new HashSet<>();
        for (Thread t : all()) {
            ThreadGroup g = t.getThreadGroup();
            if (g != null && CARRIER_GROUP.equals(g.getName())) {
                ids.add(t.threadId());
            }
        }
        return ids;
    }

    /**
     * Whether a live non-daemon platform thread with an id above {@code baselineId} may still end
     * by itself: one waiting without a timeout (an idle pool worker, the kernel's idle cell thread)
     * only ends if another thread wakes it, so it is not counted.
     */
    static boolean anyNonDaemonNewerThatMayEnd(long baselineId) {
        for (Thread t : all()) {
            if (t.threadId() > baselineId && !t.isDaemon() && t.isAlive() && t.getState() != Thread.State.WAITING) {
                return true;
            }
        }
        return false;
    }

    /** Waits for {@code t} to end, even when interrupted meanwhile; the interrupt is kept for the caller. */
    static void joinUninterruptibly(Thread t) {
        boolean interrupted = false;
        while (t.isAlive()) {
            try {
                t.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
