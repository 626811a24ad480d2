package org.threadlab.record;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.threadlab.text.Durations;

/**
 * Runs a body on the calling thread and records what every thread it started did.
 *
 * <pre>{@code
 * Recorder.warmUp();                                   // once, e.g. when the extension loads
 * Recording r = new Recorder(Recorder.Options.defaults().withTimeout(Duration.ofSeconds(30)))
 *         .record("two sleepers", () -> {
 *             Thread a = Thread.ofPlatform().start(() -> sleep(100));
 *             Thread b = Thread.ofVirtual().start(() -> sleep(200));
 *             a.join(); b.join();
 *             return null;
 *         });
 * System.out.println(r.summaryText());
 * }</pre>
 *
 * <p><b>What is recorded.</b> Platform threads the calling thread starts while the body runs,
 * and their descendants (JFR {@code jdk.ThreadStart.parentThread} lineage), plus every virtual
 * thread started while the body runs (JFR gives a virtual thread no parent, so all virtual
 * threads started in that window count; the kernel itself starts none). Virtual-thread
 * carriers, JFR's, the JVM's and the recorder's own threads never appear. The calling thread
 * itself is a lane only with {@link Options#withCallingThread(boolean)}: in the kernel it only
 * waits for the cell's evaluation thread, which is already a lane of its own.
 *
 * <p><b>States.</b> Sleeping, blocked, waiting and I/O come from JFR events at threshold 0
 * (exact intervals); where one exists it wins. Between those, a platform thread is running
 * while its CPU time advances (polled every {@link Options#pollInterval()}). Where it does not,
 * the Java state sampled at the polls decides: {@code BLOCKED} is blocked, {@code WAITING} and
 * {@code TIMED_WAITING} are waiting, or sleeping when the recording ends inside
 * {@code Thread.sleep} (told by the top frame, sampled once at the end); anything else is
 * runnable. This matters at the end: JFR commits a sleep, park, wait or monitor event only when
 * it ends, so a thread still in one when the recording stops (an idle pool worker in
 * {@code take()}, a cell that times out in {@code sleep}) has no event for that stretch. A
 * thread in socket I/O is {@code RUNNABLE} to Java, so it is io only where JFR says so, else
 * runnable. Virtual threads are invisible to {@code ThreadMXBean}, and JFR (JDK 25) reports
 * only their sleeps and socket I/O: between those their {@link Thread#getState()} is sampled
 * ({@link VirtualStateSampler}), and a state seen at samples in a row is drawn from the first to
 * the last of them (waiting, or blocked for a monitor); elsewhere they are {@code unknown},
 * never guessed, {@code RUNNABLE} included (on a carrier or waiting for one: Java does not say).
 *
 * <p><b>Failure and timeout.</b> If the body throws, the recording holds everything up to
 * then and carries the exception. At the timeout the recording stops there, the calling
 * thread is interrupted, and the recording (carrying a {@code TimeoutException}) goes to
 * {@link Options#onTimeout()} at once; {@code record} returns that same recording, but only
 * once the body has returned, so a body that ignores interrupts must be stopped by other
 * means (the kernel's stop).
 *
 * <p><b>Cost.</b> While the body runs: JFR's thread events plus one CPU poll of the platform
 * threads every poll interval, with a stack-less state read of the recorded threads whose CPU
 * did not advance (about 0.8 µs a thread; measured 1.03x on a CPU-bound split sum), and a state
 * sample of the body's virtual threads about as often (less often with thousands, to stay near
 * 5 % of one core; see {@link VirtualStateSampler}). Around it: JFR start (2–15 ms), then dump
 * and parse after the body (the parse under 1 ms for a body that starts no thread, about 2 ms
 * for 10,000 virtual threads and 25 ms for 100,000; see {@link JfrEventReader}). Closing the JFR
 * recording and deleting its dump come later, on a cleanup thread. {@code -Dthreadlab.phases=FILE}
 * writes each phase's milliseconds to FILE ({@link PhaseLog}).
 *
 * <p><b>Thread-safety.</b> A {@code Recorder} is immutable and may be shared; each
 * {@code record} call is independent. Recordings running at the same time in one JVM see
 * each other's JFR events but filter them out by lineage.
 */
public final class Recorder {
    /**
     * How to record.
     *
     * @param timeout               stop recording and interrupt the body after this long, or {@code null} for none
     * @param pollInterval          how often platform threads' CPU time is polled (running vs runnable resolution)
     * @param settle                after the body returns, wait up to this long for the non-daemon threads it
     *                              started to exit, so their last events are seen ({@code ExecutorService.close()}
     *                              returns before its threads end); not for those waiting without a timeout,
     *                              which only another thread can end
     * @param includeCallingThread  whether the calling thread is a lane of its own
     * @param onTimeout             called on the recorder's thread with the recording as of the timeout, at the
     *                              timeout, so a caller can show it even while the body is still stopping
     *                              (it may still be running when {@code record} returns); or {@code null}
     */
    public record Options(Duration timeout, Duration pollInterval, Duration settle, boolean includeCallingThread,
            Consumer<Recording> onTimeout) {
        public Options {
            Objects.requireNonNull(pollInterval, "pollInterval");
            Objects.requireNonNull(settle, "settle");
            if (pollInterval.isNegative() || pollInterval.isZero()) {
                throw new IllegalArgumentException("pollInterval must be positive: " + pollInterval);
            }
            if (timeout != null && (timeout.isNegative() || timeout.isZero())) {
                throw new IllegalArgumentException("timeout must be positive: " + timeout);
            }
        }

        /** No timeout, 5 ms CPU polls, 50 ms settle, calling thread not shown. */
        public static Options defaults() {
            return new Options(null, Duration.ofMillis(5), Duration.ofMillis(50), false, null);
        }

        public Options withTimeout(Duration timeout) {
            return new Options(timeout, pollInterval, settle, includeCallingThread, onTimeout);
        }

        public Options withPollInterval(Duration pollInterval) {
            return new Options(timeout, pollInterval, settle, includeCallingThread, onTimeout);
        }

        public Options withSettle(Duration settle) {
            return new Options(timeout, pollInterval, settle, includeCallingThread, onTimeout);
        }

        public Options withCallingThread(boolean include) {
            return new Options(timeout, pollInterval, settle, include, onTimeout);
        }

        public Options withOnTimeout(Consumer<Recording> onTimeout) {
            return new Options(timeout, pollInterval, settle, includeCallingThread, onTimeout);
        }
    }

    private final Options options;

    public Recorder() {
        this(Options.defaults());
    }

    public Recorder(Options options) {
        this.options = Objects.requireNonNull(options, "options");
    }

    public Options options() {
        return options;
    }

    /** The last warm-up started; {@link #record} waits for it (see {@link #warmUp()}). */
    private static volatile CompletableFuture<Void> warming = CompletableFuture.completedFuture(null);

    /**
     * Starts and stops one throw-away JFR recording on a daemon thread, so the first real
     * recording does not pay JFR's start-up (150–200 ms), and runs the CPU poller's path, so the
     * first recording's polls come on time. Returns at once. A recording that starts meanwhile
     * waits for the warm-up to end (at most {@value #WARM_UP_WAIT_SECONDS} s): the warm-up starts
     * a virtual thread of its own, which would otherwise be a lane of that recording.
     */
    public static CompletableFuture<Void> warmUp() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        warming = done;
        Thread.ofPlatform().daemon().name("threadlab-jfr-warmup").start(() -> {
            try (jdk.jfr.Recording r = new jdk.jfr.Recording()) {
                enableEvents(r);
                r.start();
                new MarkEvent().commit();
                r.stop();
                Path f = Files.createTempFile("threadlab-warmup", ".jfr");
                f.toFile().deleteOnExit(); // a JVM that exits during the warm-up (a short grading kernel) leaves none
                try {
                    r.dump(f);
                    JfrEventReader.read(f, new ThreadWindow(Long.MAX_VALUE, -1, Set.of())); // keeps no event
                } finally {
                    Files.deleteIfExists(f);
                }
                CpuSampler.warmUp();
                VirtualStateSampler.warmUp();
                done.complete(null);
            } catch (Throwable t) {
                done.completeExceptionally(t);
            }
        });
        return done;
    }

    private static final int WARM_UP_WAIT_SECONDS = 5;

    /** Waits for a warm-up still running; a failed or overlong one is not waited for any longer. */
    private static void awaitWarmUp() {
        CompletableFuture<Void> w = warming;
        if (w.isDone()) {
            return;
        }
        try {
            w.get(WARM_UP_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // the body will see it, as it would have without the wait
        } catch (ExecutionException | TimeoutException e) {
            // a warm-up that failed or hangs only costs the recording its speed-up
        }
    }

    /** Enables on {@code r} the events the recorder reads (no stack traces, state events at threshold 0). */
    static void enableEvents(jdk.jfr.Recording r) {
        for (String e : JfrEventNames.LIFE) {
            r.enable(e).withoutStackTrace();
        }
        for (String e : JfrEventNames.STATE) {
            r.enable(e).withoutStackTrace().withThreshold(Duration.ZERO); // exact intervals, not only long ones
        }
        r.enable(MarkEvent.class).withoutStackTrace();
    }

    /**
     * Runs {@code body} on the calling thread and returns what the threads it started did.
     * Never throws what the body throws: that is in {@link Recording#failure()}.
     *
     * @throws UncheckedIOException if the JFR recording cannot be written to a temporary file
     */
    public Recording record(String title, Callable<?> body) {
        Objects.requireNonNull(body, "body");
        awaitWarmUp();
        Session s = new Session(Thread.currentThread(), title);
        s.start();
        PhaseLog.mark("record-start");
        Throwable failure = null;
        try {
            body.call();
        } catch (Throwable t) { // a cell may throw anything; it is reported, not rethrown
            failure = t;
        }
        PhaseLog.mark("body");
        if (!s.isStopped()) {
            s.settle();
        }
        PhaseLog.mark("settle");
        s.stop(false);
        PhaseLog.mark("stop");
        if (s.timedOut) {
            Thread.interrupted(); // the interrupt was ours, to stop the body; do not leak it to the caller
            if (s.atTimeout == null) {
                throw s.buildError;
            }
            return s.atTimeout; // what the body threw after the deadline is a consequence of the interrupt
        }
        return s.build(failure, false);
    }

    /** One recording in progress; stopped once, by the caller or by the timeout, whichever comes first. */
    private final class Session {
        private final Thread caller;
        private final jdk.jfr.Recording jfr = new jdk.jfr.Recording();
        private CpuSampler sampler;
        private VirtualStateSampler virtualSampler;
        private Set<Long> carriersBefore;
        private long baselineId;
        private long t0;
        private final AtomicBoolean stopped = new AtomicBoolean();
        private final CountDownLatch stopDone = new CountDownLatch(1); // publishes endNanos, timedOut
        private long endNanos;
        private Instant startInstant;
        private boolean timedOut; // published by stopDone

        private final String title;
        private Recording atTimeout; // built by the timeout path, published by stopDone
        private RuntimeException buildError; // likewise

        Session(Thread caller, String title) {
            this.caller = caller;
            this.title = title;
        }

        void start() {
            enableEvents(jfr);
            jfr.setToDisk(true);
            jfr.start();
            PhaseLog.mark("jfr-start");
            virtualSampler = new VirtualStateSampler(options.pollInterval().toNanos()); // older than the baseline
            sampler = new CpuSampler(caller.threadId(), options.pollInterval().toNanos(), () -> stop(true));
            // thread ids grow monotonically: a thread created after the sampler is newer than the body
            baselineId = sampler.threadId();
            virtualSampler.start(baselineId); // before the mark, so the body's start does not wait for it
            carriersBefore = LiveThreads.carrierIds();
            startInstant = Instant.now();
            MarkEvent mark = new MarkEvent();
            mark.begin();
            t0 = System.nanoTime();
            mark.nanoTime = t0;
            mark.commit();
            sampler.start(options.timeout() == null ? Long.MAX_VALUE : t0 + options.timeout().toNanos());
        }

        boolean isStopped() {
            return stopped.get();
        }

        /** Waits (bounded) for non-daemon threads the body started to finish exiting; idle ones are not waited for. */
        void settle() {
            long until = System.nanoTime() + options.settle().toNanos();
            while (LiveThreads.anyNonDaemonNewerThatMayEnd(baselineId) && System.nanoTime() < until) {
                try {
                    Thread.sleep(1);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }

        /**
         * Stops sampling and JFR once. The timeout path runs on the sampling thread and must not wait
         * for the caller; the caller, if the timeout won, waits until that stop is complete.
         */
        void stop(boolean byTimeout) {
            if (!stopped.compareAndSet(false, true)) {
                if (!byTimeout) {
                    awaitStopped();
                }
                return;
            }
            try {
                endNanos = System.nanoTime();
                timedOut = byTimeout;
                sampler.stop();
                virtualSampler.stop();
                PhaseLog.mark("sampler-stop");
                jfr.stop();
                if (byTimeout) {
                    caller.interrupt();
                    try {
                        atTimeout = build(new TimeoutException("the body ran longer than "
                                + Durations.format(options.timeout()) + "; recorded up to then"), true);
                    } catch (RuntimeException e) {
                        buildError = e; // rethrown on the caller's thread, where someone can handle it
                    }
                }
            } finally {
                stopDone.countDown();
            }
            if (byTimeout && options.onTimeout() != null && atTimeout != null) {
                options.onTimeout().accept(atTimeout);
            }
        }

        private void awaitStopped() {
            boolean interrupted = false;
            while (true) {
                try {
                    stopDone.await();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }

        Recording build(Throwable failure, boolean timedOut) {
            Path file = null;
            try {
                file = Files.createTempFile("threadlab-", ".jfr");
                jfr.dump(file);
                PhaseLog.mark("dump");
                ThreadWindow window = new ThreadWindow(baselineId, caller.threadId(), Set.of(sampler.threadId()));
                Recording r = new RecordingAssembler(caller, options.includeCallingThread(), window, carriersBefore, t0,
                        endNanos, sampler.samples(), virtualSampler.states()).build(file, title, startInstant, failure, timedOut);
                PhaseLog.mark("assemble");
                return r;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } finally {
                Cleanup.later(jfr, file);
            }
        }
    }
}
