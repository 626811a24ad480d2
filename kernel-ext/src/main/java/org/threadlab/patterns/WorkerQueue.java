package org.threadlab.patterns;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * Worker queue: a queue of work and a fixed number of workers taking from it — the source's
 * "get without blocking until Empty", the race in it, poison pills, and a thread pool.
 *
 * <pre>{@code
 * WorkerQueue.Result r = WorkerQueue.drainUntilEmpty(20, 5, Duration.ofMillis(20));
 * System.out.println(r.processedByWorker());   // {worker-0=4, worker-1=4, ...}
 * WorkerQueue.Result racy = WorkerQueue.drainWhileProducing(20, 5, 5, Duration.ofMillis(20));
 * System.out.println(racy.leftover());          // 15: the workers quit before they were added
 * }</pre>
 *
 * <p>An item is a string {@code item-1}, {@code item-2}, ...; working on one is a sleep of
 * {@code perItem}, standing in for the source's download. Workers are threads named
 * {@code worker-0}, {@code worker-1}, ...
 *
 * <p>Thread-safety: every method is self-contained and may be called concurrently.
 */
public final class WorkerQueue {

    /** What a run did: items handled by each worker, items produced, items never handled, wall time. */
    public record Result(String variant, Map<String, Integer> processedByWorker, int produced, int leftover,
            Duration elapsed) {
        /** Items handled by all workers together. */
        public int processed() {
            return processedByWorker.values().stream().mapToInt(Integer::intValue).sum();
        }
    }

    /** The poison pill: a value no real item can be, telling one worker to stop. */
    static final String POISON = "<no more work>";

    private WorkerQueue() {
    }

    /**
     * The source's worker: the queue is filled up front, then each worker {@code poll()}s —
     * take without blocking — and quits the first time the queue is empty (Python's
     * {@code get(False)} raising {@code Empty}). Correct here only because nothing is added
     * once the workers have started.
     */
    public static Result drainUntilEmpty(int items, int workers, Duration perItem) throws InterruptedException {
        long start = System.nanoTime();
        BlockingQueue<String> queue = new LinkedBlockingQueue<>();
        for (int i = 1; i <= items; i++) {
            queue.add("item-" + i); // all the work is there before any worker starts
        }
        Map<String, Integer> done = new ConcurrentHashMap<>();
        List<Thread> threads = startWorkers(workers, done, name -> {
            String item;
            while ((item = queue.poll()) != null) { // null: empty right now, so this worker quits
                work(perItem);
                done.merge(name, 1, Integer::sum);
            }
        });
        joinAll(threads);
        return result("drain", done, items, queue.size(), start);
    }

    /**
     * Why "poll until empty" is racy while a producer is still adding: a worker that finds the
     * queue empty <em>for now</em> quits for good, and later items are never handled.
     *
     * <p>The first {@code prefilled} items are in the queue when the workers start; a slow
     * producer thread adds the rest. To show the unlucky timing every run rather than
     * sometimes, the producer is slow by construction: it adds the rest only after every worker
     * has found the queue empty once — and so has quit. All {@code items - prefilled} late
     * items are left over.
     */
    public static Result drainWhileProducing(int items, int prefilled, int workers, Duration perItem)
            throws InterruptedException {
        if (prefilled < 0 || prefilled > items) {
            throw new IllegalArgumentException("prefilled must be between 0 and items (" + items + "), got " + prefilled);
        }
        long start = System.nanoTime();
        BlockingQueue<String> queue = new LinkedBlockingQueue<>();
        for (int i = 1; i <= prefilled; i++) {
            queue.add("item-" + i);
        }
        CountDownLatch allFoundEmpty = new CountDownLatch(workers);
        Map<String, Integer> done = new ConcurrentHashMap<>();
        List<Thread> threads = startWorkers(workers, done, name -> {
            String item;
            while ((item = queue.poll()) != null) {
                work(perItem);
                done.merge(name, 1, Integer::sum);
            }
            allFoundEmpty.countDown(); // found it empty: quits, though more work is coming
        });
        Thread producer = Thread.ofPlatform().name("producer").start(() -> {
            try {
                allFoundEmpty.await(); // the slow producer: too late for every worker
                for (int i = prefilled + 1; i <= items; i++) {
                    work(perItem);     // producing takes time too
                    queue.add("item-" + i);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        joinAll(threads);
        producer.join();
        return result("drain-while-producing", done, items, queue.size(), start);
    }

    /**
     * Poison pills: workers block in {@code take()} until there is an item, so an empty queue
     * no longer means "finished"; the producer says so by adding one pill per worker after the
     * last item. Workers start first and the producer adds while they work: nothing is missed.
     */
    public static Result poisonPills(int items, int workers, Duration perItem) throws InterruptedException {
        long start = System.nanoTime();
        BlockingQueue<String> queue = new LinkedBlockingQueue<>();
        Map<String, Integer> done = new ConcurrentHashMap<>();
        List<Thread> threads = startWorkers(workers, done, name -> {
            try {
                while (true) {
                    String item = queue.take(); // waits for work instead of quitting
                    if (item.equals(POISON)) {
                        return;                 // this worker's pill: no more work for it
                    }
                    work(perItem);
                    done.merge(name, 1, Integer::sum);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        for (int i = 1; i <= items; i++) {
            queue.put("item-" + i); // the workers are already taking
        }
        for (int w = 0; w < workers; w++) {
            queue.put(POISON);      // one pill per worker, after all the work
        }
        joinAll(threads);
        return result("poison-pills", done, items, queue.size(), start);
    }

    /**
     * A fixed thread pool: {@code Executors.newFixedThreadPool(workers)} owns the queue and the
     * workers; {@code invokeAll} submits every item and waits for all of them.
     */
    public static Result fixedThreadPool(int items, int workers, Duration perItem)
            throws InterruptedException, ExecutionException {
        requirePositive("workers", workers);
        long start = System.nanoTime();
        List<Callable<String>> tasks = new ArrayList<>();
        for (int i = 1; i <= items; i++) {
            tasks.add(() -> {
                work(perItem);
                return Thread.currentThread().getName(); // who did it
            });
        }
        Map<String, Integer> done = new ConcurrentHashMap<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(workers,
                Thread.ofPlatform().name("worker-", 0).factory())) {
            for (Future<String> f : pool.invokeAll(tasks)) { // returns when every task is done
                done.merge(f.get(), 1, Integer::sum);
            }
        }
        return result("fixed-pool", done, items, 0, start);
    }

    /** A worker's loop, given the worker's thread name. */
    private interface WorkerLoop {
        void run(String name);
    }

    private static List<Thread> startWorkers(int workers, Map<String, Integer> done, WorkerLoop loop) {
        requirePositive("workers", workers);
        List<Thread> threads = new ArrayList<>();
        for (int w = 0; w < workers; w++) {
            String name = "worker-" + w;
            done.put(name, 0); // a worker that got nothing still shows, with 0
            threads.add(Thread.ofPlatform().name(name).start(() -> loop.run(name)));
        }
        return threads;
    }

    /** One item's work: a sleep standing in for a download. */
    private static void work(Duration perItem) {
        try {
            Thread.sleep(perItem);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void joinAll(List<Thread> threads) throws InterruptedException {
        for (Thread t : threads) {
            t.join();
        }
    }

    private static Result result(String variant, Map<String, Integer> done, int produced, int leftover, long start) {
        return new Result(variant, new TreeMap<>(done), produced, leftover, Duration.ofNanos(System.nanoTime() - start));
    }

    private static void requirePositive(String name, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be at least 1, got " + value);
        }
    }
}
