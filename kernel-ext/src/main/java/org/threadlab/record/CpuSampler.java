package org.threadlab.record;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

/**
 * Polls per-thread CPU time of every live platform thread on its own daemon thread, because
 * JFR's execution samples under-sample when threads outnumber cores: CPU advancing between two
 * polls is the only reliable sign a thread was on a core.
 *
 * <p>Thread-safety: {@link #start()} and {@link #stop()} are called by the owner thread; the
 * sampling thread alone writes the series; {@link #stop()} joins it, so everything it recorded
 * happens-before {@code stop()} returns and may then be read without locks.
 */
final class CpuSampler implements Runnable {
    /** CPU samples of one thread: poll index and cumulative CPU ns. */
    static final class Series {
        int[] poll = new int[64];
        long[] cpu = new long[64];
        int n;

        void add(int pollIndex, long cpuNanos) {
            if (n == poll.length) {
                poll = Arrays.copyOf(poll, n * 2);
                cpu = Arrays.copyOf(cpu, n * 2);
            }
            poll[n] = pollIndex;
            cpu[n] = cpuNanos;
            n++;
        }
    }

    private final com.sun.management.ThreadMXBean mx;
    private final long intervalNanos;
    private long deadlineNanos; // Long.MAX_VALUE: none; set before the sampling thread starts
    private final Runnable onDeadline;
    private final Thread thread;
    private final Map<Long, Series> series = new HashMap<>();
    private long[] pollNanos = new long[256];
    private int polls;
    private volatile boolean running = true;
    private boolean stoppedAtDeadline; // written by the sampling thread, read after join

    CpuSampler(long intervalNanos, Runnable onDeadline) {
        this.mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        this.intervalNanos = intervalNanos;
        this.onDeadline = onDeadline;
        this.thread = Thread.ofPlatform().daemon().name("threadlab-cpu-sampler").unstarted(this);
    }

    long threadId() {
        return thread.threadId();
    }

    /** Samples once now, then every interval on the sampling thread until stopped or {@code deadlineNanos}. */
    void start(long deadlineNanos) {
        this.deadlineNanos = deadlineNanos;
        poll(); // a sample at the body's start, so the first window begins there
        thread.start();
    }

    @Override
    public void run() {
        while (running) {
            LockSupport.parkNanos(intervalNanos);
            if (!running) {
                break;
            }
            poll();
            if (System.nanoTime() >= deadlineNanos) {
                running = false;
                stoppedAtDeadline = true;
                onDeadline.run();
            }
        }
    }

    /** Stops polling after one last poll, and waits for the sampling thread; idempotent. */
    void stop() {
        running = false;
        if (Thread.currentThread() != thread) {
            LockSupport.unpark(thread);
            boolean interrupted = false;
            while (thread.isAlive()) {
                try {
                    thread.join();
                } catch (InterruptedException e) {
                    interrupted = true; // the body may have been interrupted by a timeout; finish stopping first
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            if (!stoppedAtDeadline && !finalPolled) {
                finalPolled = true; // the recording ends now, so sample up to now; after a deadline it ended there
                poll();
            }
        }
    }

    private boolean finalPolled;

    private void poll() {
        long[] ids = mx.getAllThreadIds();
        long[] cpu = mx.getThreadCpuTime(ids);
        long now = System.nanoTime();
        if (polls == pollNanos.length) {
            pollNanos = Arrays.copyOf(pollNanos, polls * 2);
        }
        int index = polls++;
        pollNanos[index] = now;
        for (int i = 0; i < ids.length; i++) {
            if (cpu[i] >= 0) {
                series.computeIfAbsent(ids[i], k -> new Series()).add(index, cpu[i]);
            }
        }
    }

    int polls() {
        return polls;
    }

    long pollNanos(int i) {
        return pollNanos[i];
    }

    /** The CPU series of platform thread {@code id}, or {@code null} if it was never seen alive. */
    Series series(long id) {
        return series.get(id);
    }
}
