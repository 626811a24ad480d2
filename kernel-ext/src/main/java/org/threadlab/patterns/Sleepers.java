package org.threadlab.patterns;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.threadlab.text.Durations;

/**
 * Sleepers: threads that each sleep a random time and say so, all started, all joined, then
 * "Done" — the source's simplest example, with platform or virtual threads, and at scale.
 *
 * <pre>{@code
 * Sleepers.run(10, 42, Duration.ofSeconds(1), false, System.out);
 * // Thread 7 slept for 113 ms ... Thread 2 slept for 954 ms, then: Done
 * Sleepers.Result r = Sleepers.atScale(10_000, 42, Duration.ofSeconds(1), System.out);
 * }</pre>
 *
 * <p>The source's loop is {@code range(1, 10)}, which makes nine threads, not the ten its text
 * promises; here {@code count} threads are numbered 1 to {@code count}. Its sleeps are 1–10 s;
 * here 1 ms to {@code maxSleep}. The sleep times come from {@code new Random(seed)}, drawn
 * before any thread starts, so the same seed gives the same sleeps (and, sleeps being far
 * apart compared to scheduling noise, the same print order).
 *
 * <p>Thread-safety: every method is self-contained and may be called concurrently;
 * {@code PrintStream} serialises the threads' lines.
 */
public final class Sleepers {

    /** One sleeper: its thread's name, its planned sleep, and when it woke (ms from the start). */
    public record Sleeper(String thread, long sleptMillis, long wokeAtMillis) {
    }

    /** A run: every sleeper, in the order they woke, and how long until all were joined. */
    public record Result(boolean virtual, List<Sleeper> sleepers, Duration elapsed) {
        /** The longest single sleep: the least the whole run can take, since the sleeps overlap. */
        public long longestSleepMillis() {
            return sleepers.stream().mapToLong(Sleeper::sleptMillis).max().orElse(0);
        }

        /**
         * The most sleepers asleep at one moment. A sleeper slept at least its planned time, so
         * it fell asleep no later than it woke minus that time; sleeps that only touch do not
         * count as overlapping. Threads run one after the other give 1, whatever the timing.
         */
        public int mostAsleepAtOnce() {
            long[] fellAsleep = sleepers.stream().mapToLong(s -> s.wokeAtMillis() - s.sleptMillis()).sorted().toArray();
            long[] woke = sleepers.stream().mapToLong(Sleeper::wokeAtMillis).sorted().toArray();
            int most = 0;
            int awake = 0;
            for (int i = 0; i < fellAsleep.length; i++) {
                while (awake < woke.length && woke[awake] <= fellAsleep[i]) {
                    awake++; // woke at or before this one fell asleep: touching is not overlapping
                }
                most = Math.max(most, i + 1 - awake);
            }
            return most;
        }
    }

    private Sleepers() {
    }

    /**
     * The source's example: {@code count} threads named {@code sleeper-1}..; each sleeps its
     * random time and prints "Thread i slept for s ms"; all are started, then all joined, then
     * "Done" is printed — last, because every {@code join()} has returned.
     */
    public static Result run(int count, long seed, Duration maxSleep, boolean virtual, PrintStream out)
            throws InterruptedException {
        long[] sleeps = plannedSleeps(count, seed, maxSleep);
        ConcurrentLinkedQueue<Sleeper> woke = new ConcurrentLinkedQueue<>();
        long start = System.nanoTime();

        List<Thread> threadList = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            int number = i;
            Runnable printNumber = () -> {
                try {
                    Thread.sleep(sleeps[number - 1]);
                } catch (InterruptedException e) {
                    return; // stopped: say nothing
                }
                woke.add(new Sleeper(Thread.currentThread().getName(), sleeps[number - 1], millisSince(start)));
                out.printf("Thread %d slept for %d ms%n", number, sleeps[number - 1]);
            };
            threadList.add(builder(virtual).name("sleeper-" + i).unstarted(printNumber));
        }
        for (Thread t : threadList) {
            t.start();   // start them all...
        }
        for (Thread t : threadList) {
            t.join();    // ...then wait for each to finish
        }
        out.println("Done"); // every thread has finished: join() returned for each
        return new Result(virtual, List.copyOf(woke), Duration.ofNanos(System.nanoTime() - start));
    }

    /**
     * The same with {@code count} threads (10,000 is fine with virtual ones: a sleeping virtual
     * thread holds no OS thread). Prints a one-line summary instead of a line per thread, then
     * "Done". Total time stays near the longest single sleep, not the sum.
     */
    public static Result atScale(int count, long seed, Duration maxSleep, boolean virtual, PrintStream out)
            throws InterruptedException {
        Result r = run(count, seed, maxSleep, virtual, new PrintStream(PrintStream.nullOutputStream()));
        long sum = r.sleepers().stream().mapToLong(Sleeper::sleptMillis).sum();
        out.printf("%,d %s threads slept %s in total; all joined after %s (longest sleep %s)%n",
                count, virtual ? "virtual" : "platform", Durations.format(sum), Durations.format(r.elapsed()),
                Durations.format(r.longestSleepMillis()));
        out.println("Done");
        return r;
    }

    /** The sleep for thread i (at index i - 1): 1 ms to {@code maxSleep}, from {@code new Random(seed)}. */
    public static long[] plannedSleeps(int count, long seed, Duration maxSleep) {
        if (count < 1) {
            throw new IllegalArgumentException("count must be at least 1, got " + count);
        }
        long max = Math.max(1, maxSleep.toMillis());
        Random random = new Random(seed);
        long[] sleeps = new long[count];
        for (int i = 0; i < count; i++) {
            sleeps[i] = 1 + random.nextLong(max); // like randint(1, 10), in ms
        }
        return sleeps;
    }

    private static Thread.Builder builder(boolean virtual) {
        return virtual ? Thread.ofVirtual() : Thread.ofPlatform();
    }

    private static long millisSince(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }
}
