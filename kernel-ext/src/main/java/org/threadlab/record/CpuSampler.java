package org.threadlab.record;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.util.Arrays;
import java.util.concurrent.locks.LockSupport;
import org.threadlab.record.CpuSamples.Series;

/**
 * Polls per-thread CPU time of every live platform thread on its own daemon thread, because
 * JFR's execution samples under-sample when threads outnumber cores: CPU advancing between two
 * polls is the only reliable sign a thread was on a core.
 *
 * <p>It also samples the {@link Thread.State} of the threads that may be recorded (newer than
 * the sampler, or the calling thread) whose CPU did not advance since their last sample, because
 * JFR commits sleep, park, wait and monitor events only when they end: a thread still blocked
 * when the recording stops has no event for that last stretch. {@code getThreadInfo(ids, 0)}
 * reads the state without a stack walk or safepoint (measured about 0.8 µs a thread on a loaded
 * 2-core machine, half the cost of the CPU-time read itself; with 64 idle threads the poller's CPU
 * went from about 200 to 250 µs per 5 ms, see {@code RecorderBenchmark}). At the end, one
 * {@code getThreadInfo(ids, 1)} of the threads then waiting tells a sleep from a park or wait
 * by the top frame (one safepoint, once).
 *
 * <p>Thread-safety: {@link #start(long)} and {@link #stop()} are called by the owner thread; the
 * sampling thread alone writes the {@link CpuSamples}; {@link #stop()} joins it, so everything it
 * recorded happens-before {@code stop()} returns and may then be read without locks.
 */
final class CpuSampler implements Runnable {
    private final com.sun.management.ThreadMXBean mx;
    /** The process's CPU time: what the JVM itself (JIT, GC, JFR, this sampler) used besides the cell's threads. */
    private final com.sun.management.OperatingSystemMXBean os;
    private final long callerId;
    private final long intervalNanos;
    private long deadlineNanos; // Long.MAX_VALUE: none; set before the sampling thread starts
    private final Runnable onDeadline;
    private final Thread thread;
    private final CpuSamples samples = new CpuSamples();
    private long[] toSample = new long[64];
    private Series[] toSampleSeries = new Series[64];
    private volatile boolean running = true;
    private boolean stoppedAtDeadline; // written by the sampling thread, read after join

    /** @param callerId the thread whose body is recorded; its state is sampled like its descendants' */
    CpuSampler(long callerId, long intervalNanos, Runnable onDeadline) {
        this.mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        this.os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        this.callerId = callerId;
        this.intervalNanos = intervalNanos;
        this.onDeadline = onDeadline;
        this.thread = Thread.ofPlatform().daemon().name("threadlab-cpu-sampler").unstarted(this);
    }

    /**
     * Runs the polling path a few times on the calling thread, keeping nothing: the first poll in a
     * JVM loads and links the management classes, which took milliseconds on a loaded 2-core
     * machine, and a late poll can miss short threads alive together.
     */
    static void warmUp() {
        CpuSampler s = new CpuSampler(Thread.currentThread().threadId(), 1, () -> { });
        for (int i = 0; i < 20; i++) {
            s.poll(i == 19);
        }
        s.sampleFinalFrames();
    }

    long threadId() {
        return thread.threadId();
    }

    /** Samples once now, then every interval on the sampling thread until stopped or {@code deadlineNanos}. */
    void start(long deadlineNanos) {
        this.deadlineNanos = deadlineNanos;
        poll(false); // a sample at the body's start, so the first window begins there
        thread.start();
    }

    @Override
    public void run() {
        while (running) {
            LockSupport.parkNanos(intervalNanos);
            if (!running) {
                break;
            }
            boolean last = System.nanoTime() >= deadlineNanos;
            poll(last);
            if (last) {
                running = false;
                stoppedAtDeadline = true;
                onDeadline.run();
            }
        }
    }

    /** Stops polling after one last poll, and waits for the sampling thread; idempotent. */
    void stop() {
        running = false;
        if (Thread.currentThread() == thread) {
            sampleFinalFrames(); // stopped at the deadline, just after the last poll
        } else {
            LockSupport.unpark(thread);
            // the body may have been interrupted by a timeout: finish stopping first
            LiveThreads.joinUninterruptibly(thread);
            if (!stoppedAtDeadline && !finalPolled) {
                finalPolled = true; // the recording ends now, so sample up to now; after a deadline it ended there
                poll(true);
            }
            sampleFinalFrames();
        }
    }

    private boolean finalPolled;
    private boolean framesSampled;
    private int lastPollSampled; // toSample[0..lastPollSampled) are the threads sampled at the last poll

    /**
     * One CPU poll, plus the states of the recordable threads whose CPU did not advance (all of
     * them if {@code last}: the end of the recording needs every thread's state).
     */
    private void poll(boolean last) {
        long[] ids = mx.getAllThreadIds();
        long[] cpu = mx.getThreadCpuTime(ids);
        int index = samples.addPoll(System.nanoTime(), os.getProcessCpuTime());
        int sampled = 0;
        for (int i = 0; i < ids.length; i++) {
            if (cpu[i] >= 0) {
                Series s = samples.seriesFor(ids[i]);
                s.add(index, cpu[i]);
                if ((last || s.flat(s.n - 1)) && recordable(ids[i])) {
                    if (sampled == toSample.length) {
                        toSample = Arrays.copyOf(toSample, sampled * 2);
                        toSampleSeries = Arrays.copyOf(toSampleSeries, sampled * 2);
                    }
                    toSample[sampled] = ids[i];
                    toSampleSeries[sampled++] = s;
                }
            }
        }
        lastPollSampled = 0;
        if (sampled == 0) {
            return;
        }
        ThreadInfo[] infos = mx.getThreadInfo(Arrays.copyOf(toSample, sampled), 0); // no stack: no safepoint
        for (int i = 0; i < sampled; i++) {
            if (infos[i] != null) { // null: it ended since the CPU read
                Series s = toSampleSeries[i];
                s.state[s.n - 1] = (byte) infos[i].getThreadState().ordinal();
            }
        }
        lastPollSampled = sampled;
    }

    private boolean recordable(long id) {
        return id > thread.threadId() || id == callerId;
    }

    /**
     * Tells, for each thread blocked or waiting at the last poll, whether it sleeps or parks/waits,
     * by its top frame: the recording ends inside that call, so JFR will have no event for it.
     * Kept only if its CPU did not advance since the last poll: then it is the same call, and it
     * lasted at least until now, which is after the recording's end.
     */
    private void sampleFinalFrames() {
        if (framesSampled) {
            return;
        }
        framesSampled = true;
        long[] blocked = new long[lastPollSampled];
        Series[] blockedSeries = new Series[lastPollSampled];
        int n = 0;
        for (int i = 0; i < lastPollSampled; i++) {
            Series s = toSampleSeries[i];
            Thread.State st = s.stateAt(s.n - 1);
            if (st == Thread.State.BLOCKED || st == Thread.State.WAITING || st == Thread.State.TIMED_WAITING) {
                blockedSeries[n] = s;
                blocked[n++] = toSample[i];
            }
        }
        if (n == 0) {
            return;
        }
        long[] ids = Arrays.copyOf(blocked, n);
        ThreadInfo[] infos = mx.getThreadInfo(ids, 1);
        long[] cpu = mx.getThreadCpuTime(ids); // after the frames: unchanged means no CPU between poll and frame
        for (int i = 0; i < n; i++) {
            ThreadInfo info = infos[i];
            Series s = blockedSeries[i];
            if (info == null || cpu[i] != s.cpu[s.n - 1] || info.getThreadState().ordinal() != s.state[s.n - 1]) {
                continue;
            }
            StackTraceElement[] top = info.getStackTrace();
            boolean sleep = top.length > 0 && "java.lang.Thread".equals(top[0].getClassName())
                    && top[0].getMethodName().startsWith("sleep");
            samples.finalBlocking(ids[i], info.getThreadState() == Thread.State.BLOCKED ? ThreadState.BLOCKED
                    : sleep ? ThreadState.SLEEPING : ThreadState.WAITING);
        }
    }

    /** What was sampled; complete once {@link #stop()} has returned. */
    CpuSamples samples() {
        return samples;
    }
}
