package org.threadlab.record;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

/**
 * Samples the {@link Thread#getState()} of the virtual threads a body started, on its own daemon
 * thread, because on JDK 25 JFR says nothing of a virtual thread parked on a queue, a lock, a
 * latch or a future (no {@code jdk.ThreadPark}) nor of one blocked on a monitor (no
 * {@code jdk.JavaMonitorEnter}), and {@code ThreadMXBean} does not list virtual threads.
 *
 * <p>The {@code Thread} objects come from the JDK's thread containers
 * ({@code jdk.internal.vm.ThreadContainers}, which {@code jcmd Thread.dump_to_file} walks too):
 * the root container holds every virtual thread started directly ({@code jdk.trackAllThreads},
 * on by default), executors and scopes hold their own. That package must be exported to the
 * unnamed module ({@code --add-exports java.base/jdk.internal.vm=ALL-UNNAMED}, which the kernel
 * and the tests pass); without it {@link #available()} is false and virtual threads stay
 * {@code unknown} between JFR events, as before.
 *
 * <p><b>Cost.</b> A sample walks the threads of the root container and of the containers found
 * at the last refresh (about 0.15 ms for 10,000 virtual threads on a loaded 2-core machine) and
 * reads each one's state (a field read). Looking for new containers walks every thread's scope
 * stack too (0.4–1.3 ms for 10,000), so it runs only as often as 20 times its own cost allows; so
 * does sampling: both stay near 5 % of one core however many threads there are, the interval
 * growing past the base one only for tens of thousands of threads. A recording without virtual
 * threads pays a walk of the platform threads per sample (tens of µs).
 *
 * <p>Thread-safety: {@link #start()} and {@link #stop()} are called by the recording's owner;
 * the sampling thread alone writes the {@link VirtualStates} until {@link #stop()} joins it.
 */
final class VirtualStateSampler implements Runnable {
    /** Samples further apart than this do not continue a run: the state in between is unknown. */
    static final long MAX_GAP_NANOS = 50_000_000;
    private static final int BUDGET = 20; // wait at least 20 times what a sample or refresh cost
    /** The longest wait between samples however costly they are: half the gap a run may bridge. */
    private static final long MAX_INTERVAL_NANOS = MAX_GAP_NANOS / 2;
    /** The longest wait between looks for new containers (executors): their threads are unseen till then. */
    private static final long MAX_REFRESH_NANOS = 100_000_000;

    private static final java.lang.management.ThreadMXBean MX = java.lang.management.ManagementFactory.getThreadMXBean();
    private static final MethodHandle ROOT;     // () -> ThreadContainer
    private static final MethodHandle THREADS;  // (ThreadContainer) -> Stream<Thread>
    private static final MethodHandle CHILDREN; // (ThreadContainer) -> Stream<ThreadContainer>

    static {
        MethodHandle root = null;
        MethodHandle threads = null;
        MethodHandle children = null;
        try {
            Class<?> containers = Class.forName("jdk.internal.vm.ThreadContainers");
            Class<?> container = Class.forName("jdk.internal.vm.ThreadContainer");
            MethodHandles.Lookup l = MethodHandles.lookup();
            root = l.findStatic(containers, "root", MethodType.methodType(container))
                    .asType(MethodType.methodType(Object.class));
            threads = l.findVirtual(container, "threads", MethodType.methodType(Stream.class))
                    .asType(MethodType.methodType(Stream.class, Object.class));
            children = l.findVirtual(container, "children", MethodType.methodType(Stream.class))
                    .asType(MethodType.methodType(Stream.class, Object.class));
        } catch (ReflectiveOperationException | RuntimeException e) {
            root = null; // not exported to us: virtual threads stay unknown between JFR events
        }
        ROOT = root;
        THREADS = threads;
        CHILDREN = children;
    }

    private long baselineId; // set before the sampling thread starts
    private final long baseIntervalNanos;
    private final Thread thread;
    private final VirtualStates states = new VirtualStates(MAX_GAP_NANOS);
    private volatile boolean running = true;
    private long intervalNanos;
    private List<Object> containers = List.of(); // the root's descendants at the last refresh
    private long nextRefreshNanos;
    private long sampleNanosTotal; // this sampler's own CPU time, for the benchmark
    private int sampleCount;

    /**
     * Creates the sampling thread now, so that a recorder making this before its baseline thread
     * never shows it.
     *
     * @param intervalNanos the shortest time between samples
     */
    VirtualStateSampler(long intervalNanos) {
        this.baseIntervalNanos = intervalNanos;
        this.intervalNanos = intervalNanos;
        this.thread = Thread.ofPlatform().daemon().name("threadlab-vthread-sampler").unstarted(this);
    }

    /**
     * Runs the sampling path a few times on the calling thread, keeping nothing: the first samples
     * in a JVM link the method handles and streams (milliseconds), which would stretch the first
     * recording's interval.
     */
    static void warmUp() {
        if (!available()) {
            return;
        }
        VirtualStateSampler s = new VirtualStateSampler(1);
        Thread parked = Thread.ofVirtual().start(LockSupport::park); // something to see
        s.baselineId = parked.threadId() - 1;
        for (int i = 0; i < 50; i++) {
            s.nextRefreshNanos = 0;
            s.sample();
        }
        LockSupport.unpark(parked);
    }

    /** Whether the JDK's thread containers are reachable (see the class comment). */
    static boolean available() {
        return ROOT != null;
    }

    /**
     * Samples every interval on the sampling thread, from now until stopped (the first sample at
     * once there, not here, so the body starts without waiting for it); does nothing if not available.
     *
     * @param baselineId only virtual threads newer than this (started while recording) are sampled
     */
    void start(long baselineId) {
        this.baselineId = baselineId;
        if (!available()) {
            return;
        }
        thread.start();
    }

    @Override
    public void run() {
        sample();
        while (running) {
            LockSupport.parkNanos(intervalNanos);
            if (!running) {
                break;
            }
            sample();
        }
    }

    /** Stops sampling after one last sample (so a thread still waiting is seen up to now); idempotent. */
    void stop() {
        if (!available() || !running) {
            return;
        }
        running = false;
        LockSupport.unpark(thread);
        boolean interrupted = false;
        while (thread.isAlive()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                interrupted = true; // finish stopping first; the interrupt is kept
            }
        }
        sample();
        if (System.getenv("VSDEBUG") != null) { StringBuilder b = new StringBuilder("VSDEBUG n=" + sampleCount + " mean=" + meanSampleNanos() + " seen=" + states.threadsSeen() + " t="); for (int i = 0; i < states.samples(); i++) b.append((states.sampleNanos(i) - states.sampleNanos(0)) / 1000000).append(','); System.err.println(b); }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private void sample() {
        long cpu0 = MX.getCurrentThreadCpuTime(); // the budget is CPU: on a loaded machine wall time would inflate it
        long t0 = System.nanoTime();
        try {
            Object root = ROOT.invoke();
            if (t0 >= nextRefreshNanos) {
                List<Object> found = new ArrayList<>();
                descendants(root, found);
                containers = found;
                long refresh = MX.getCurrentThreadCpuTime() - cpu0;
                nextRefreshNanos = System.nanoTime() + Math.clamp(BUDGET * refresh, baseIntervalNanos,
                        Math.max(baseIntervalNanos, MAX_REFRESH_NANOS));
            }
            int index = states.addSample(System.nanoTime());
            see(root, index);
            for (Object c : containers) {
                see(c, index);
            }
        } catch (Throwable e) {
            running = false; // the JDK's internals changed under us: stop sampling, keep what we have
            return;
        }
        long cost = MX.getCurrentThreadCpuTime() - cpu0;
        sampleNanosTotal += cost;
        sampleCount++;
        intervalNanos = Math.clamp(BUDGET * cost, baseIntervalNanos, Math.max(baseIntervalNanos, MAX_INTERVAL_NANOS));
    }

    @SuppressWarnings("unchecked")
    private void see(Object container, int index) throws Throwable {
        ((Stream<Thread>) THREADS.invoke(container)).forEach(t -> {
            if (t.isVirtual() && t.threadId() > baselineId) {
                Thread.State s = t.getState();
                if (s != Thread.State.NEW && s != Thread.State.TERMINATED) {
                    states.saw(t.threadId(), index, s);
                }
            }
        });
    }

    @SuppressWarnings("unchecked")
    private static void descendants(Object container, List<Object> into) throws Throwable {
        List<Object> kids = ((Stream<Object>) CHILDREN.invoke(container)).toList();
        for (Object k : kids) {
            into.add(k);
            descendants(k, into);
        }
    }

    /** What was sampled; complete once {@link #stop()} has returned. */
    VirtualStates states() {
        return states;
    }

    /** Mean CPU time one sample took, in ns (0 if none): the sampler's own cost. */
    double meanSampleNanos() {
        return sampleCount == 0 ? 0 : (double) sampleNanosTotal / sampleCount;
    }

    int sampleCount() {
        return sampleCount;
    }
}
