package org.threadlab.record;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
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
 * <p><b>What a sample costs.</b> Each sample reads the state of the virtual threads already
 * known and alive (a field read each). New threads are found by walking the containers' threads,
 * and new containers (an executor made by the body) by walking every thread's scope stack;
 * both walk every thread, so each runs only as often as 20 times its own CPU cost allows, and
 * sampling likewise: each stays near 5 % of one core however many threads there are (measured
 * in {@code RecorderBenchmark}: about 0.1 ms of CPU a sample with 10 or 1,000 parked virtual
 * threads, 1.5 ms with 10,000, discovery included, at load 9 on 2 cores). So with thousands of
 * threads a new thread is seen some tens of ms after it started; until then its lane is unknown.
 * A recording without virtual threads pays a walk of the platform threads now and then. With
 * tens of thousands of threads a sample and a walk take milliseconds each, and the wait before a
 * sample is then shortened so that samples stay within the gap a run may bridge
 * ({@link #parkNanos}); the sampler then takes more than its budget.
 *
 * <p>Thread-safety: {@link #start()} and {@link #stop()} are called by the recording's owner;
 * the sampling thread alone writes the {@link VirtualStates} until {@link #stop()} joins it.
 */
final class VirtualStateSampler implements Runnable {
    /** Samples further apart than this do not continue a run: the state in between is unknown. */
    static final long MAX_GAP_NANOS = 50_000_000;
    private static final int BUDGET = 20; // wait at least 20 times what a sample or refresh cost
    /**
     * The shortest time between samples while there are virtual threads to watch (else the poll
     * interval): a wait is drawn from its first sample to its last, so each of its ends loses up
     * to one interval (1 ms of a 200 ms wait is 0.5 %); the budget lengthens it when samples cost
     * more (about 30–45 µs of CPU with 10 parked threads, 0.4–0.7 ms with 10,000).
     */
    static final long FASTEST_NANOS = 1_000_000;
    /** The longest wait between samples however costly they are: half the gap a run may bridge. */
    private static final long MAX_INTERVAL_NANOS = MAX_GAP_NANOS / 2;
    /** What a sample's time keeps free below {@link #MAX_GAP_NANOS} from the one before it, for the sampler's own lateness. */
    static final long GAP_MARGIN_NANOS = 5_000_000;
    /** The longest wait between walks of the containers for new threads: until then a new one is unseen. */
    private static final long MAX_DISCOVERY_NANOS = 50_000_000;
    /** The longest wait between looks for new containers (executors): their threads are unseen till then. */
    private static final long MAX_REFRESH_NANOS = 100_000_000;

    private static final ThreadMXBean MX = ManagementFactory.getThreadMXBean();
    private static final List<GarbageCollectorMXBean> PAUSE_BEANS = ManagementFactory.getGarbageCollectorMXBeans()
            .stream().filter(gc -> !gc.getName().contains("Cycles")).toList();
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
    private boolean started; // by the owner's start(); read by its stop()
    private boolean stopped;
    private long intervalNanos;
    private List<Object> containers = List.of(); // the root and its descendants at the last refresh
    private long nextRefreshNanos;
    private long nextDiscoveryNanos;
    private long discoveryWallNanos; // how long the last walk for new threads took, in wall time
    private final BitSet known = new BitSet(); // ids seen, less the baseline: ids are dense while recording
    private Thread[] liveThreads = new Thread[256]; // known and not yet seen terminated
    private VirtualStates.Runs[] liveRuns = new VirtualStates.Runs[256];
    private int live;
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
            s.nextDiscoveryNanos = 0;
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
            states.notSampled();
            return;
        }
        started = true;
        thread.start();
    }

    @Override
    public void run() {
        sample();
        while (running) {
            long now = System.nanoTime();
            int last = states.samples() - 1; // none only if the first sample failed, and then sampling has stopped
            long sinceLast = last < 0 ? 0 : now - states.sampleNanos(last);
            LockSupport.parkNanos(parkNanos(intervalNanos, sinceLast, discoveryWallNanos,
                    now + intervalNanos >= nextDiscoveryNanos));
            if (!running) {
                break;
            }
            sample();
        }
    }

    /**
     * How long to wait for the next sample: {@code interval}, unless the next sample would then
     * come more than {@link #MAX_GAP_NANOS} (less {@link #GAP_MARGIN_NANOS}) after the last one,
     * counting the rest of the last sample's work ({@code sinceLast}) and the walk for new threads
     * that comes first when it is due (as long as the last one): such a gap would break every
     * thread's run there. With 40,000 threads the walk alone took 10–20 ms, and samples 25 ms apart
     * by the budget landed 51–211 ms apart; down to {@link #FASTEST_NANOS}, never below.
     */
    static long parkNanos(long interval, long sinceLast, long discoveryWall, boolean discoveryDue) {
        long room = MAX_GAP_NANOS - GAP_MARGIN_NANOS - sinceLast - (discoveryDue ? discoveryWall : 0);
        return Math.max(Math.min(interval, room), Math.min(interval, FASTEST_NANOS));
    }

    /** Stops sampling after one last sample (so a thread still waiting is seen up to now); idempotent. */
    void stop() {
        if (!started || stopped) {
            return;
        }
        stopped = true;
        running = false;
        LockSupport.unpark(thread);
        LiveThreads.joinUninterruptibly(thread); // finish stopping first (also after a failure); the interrupt is kept
        if (states.stoppedBy() == null) {
            nextDiscoveryNanos = 0; // the last sample looks for every thread: some may have started just now
            sample();
        }
    }

    /**
     * One sample: the states of the known live virtual threads (a field read each); first, when
     * due, a look for new containers and a walk of every container for threads not yet known.
     */
    private void sample() {
        try {
            long cpu0 = MX.getCurrentThreadCpuTime(); // the budget is CPU: on a loaded machine wall time would inflate it
            long now = System.nanoTime();
            if (now >= nextRefreshNanos) {
                Object root = ROOT.invoke();
                List<Object> found = new ArrayList<>();
                found.add(root);
                descendants(root, found);
                containers = found;
                long cpu1 = MX.getCurrentThreadCpuTime();
                nextRefreshNanos = now + Math.clamp(BUDGET * (cpu1 - cpu0), baseIntervalNanos,
                        Math.max(baseIntervalNanos, MAX_REFRESH_NANOS));
            }
            if (now >= nextDiscoveryNanos) {
                long cpu1 = MX.getCurrentThreadCpuTime();
                long walk0 = System.nanoTime();
                for (Object c : containers) {
                    discover(c);
                }
                discoveryWallNanos = System.nanoTime() - walk0;
                nextDiscoveryNanos = now + Math.clamp(BUDGET * (MX.getCurrentThreadCpuTime() - cpu1),
                        baseIntervalNanos, Math.max(baseIntervalNanos, MAX_DISCOVERY_NANOS));
            }
            long cpu2 = MX.getCurrentThreadCpuTime();
            int index = states.addSample(System.nanoTime(), gcPauseNanos());
            for (int i = 0; i < live; i++) {
                Thread.State s = liveThreads[i].getState();
                if (s == Thread.State.TERMINATED) {
                    live--; // it ended: its runs stay in the states, its slot goes to the last live thread
                    liveThreads[i] = liveThreads[live];
                    liveRuns[i] = liveRuns[live];
                    liveThreads[live] = null;
                    liveRuns[live] = null;
                    i--;
                } else if (s != Thread.State.NEW) {
                    states.saw(liveRuns[i], index, s);
                }
            }
            long cpu3 = MX.getCurrentThreadCpuTime();
            sampleNanosTotal += cpu3 - cpu0;
            sampleCount++;
            // with virtual threads to watch, as often as the budget allows down to FASTEST_NANOS; else at the poll interval
            long floor = live > 0 ? Math.min(FASTEST_NANOS, baseIntervalNanos) : baseIntervalNanos;
            intervalNanos = Math.clamp(BUDGET * (cpu3 - cpu2), floor, Math.max(floor, MAX_INTERVAL_NANOS));
        } catch (Throwable e) {
            // the JDK's internals changed under us, or memory ran out: stop sampling, keep what we
            // have, and let the recording say from when its virtual threads' states are unknown
            running = false;
            states.stoppedEarly(System.nanoTime(), e);
        }
    }

    /**
     * The JVM's stop-the-world GC time so far, in ns (ms resolution). ZGC's and Shenandoah's
     * "Cycles" beans count concurrent work, during which Java code runs, so they are left out.
     */
    private static long gcPauseNanos() {
        long ms = 0;
        for (GarbageCollectorMXBean gc : PAUSE_BEANS) {
            ms += Math.max(0, gc.getCollectionTime());
        }
        return ms * 1_000_000;
    }

    /** Adds the virtual threads of {@code container} started while recording that are not yet known. */
    @SuppressWarnings("unchecked")
    private void discover(Object container) throws Throwable {
        ((Stream<Thread>) THREADS.invoke(container)).forEach(t -> {
            long id = t.threadId();
            if (id > baselineId && id - baselineId <= Integer.MAX_VALUE && t.isVirtual()
                    && !known.get((int) (id - baselineId))) {
                known.set((int) (id - baselineId));
                if (live == liveThreads.length) {
                    liveThreads = Arrays.copyOf(liveThreads, live * 2);
                    liveRuns = Arrays.copyOf(liveRuns, live * 2);
                }
                liveThreads[live] = t;
                liveRuns[live++] = states.track(id);
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
}
