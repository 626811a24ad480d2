"""Solutions to the notebooks' exercises, kept out of the notebooks (students see only the starter code).

Each entry: the notebook, the starter class the solution replaces, the solution's source, and a piece of
the message the check must show on the unchanged starter. tests/test_exercises.py runs every exercise
both ways; examples/grading/course/make_course.py builds the graded assignment from them.
"""

SOLUTIONS = {
    "01-first-response.ipynb": dict(
        cls="FirstAnswer",
        failure="did not finish within 3 s; it was still running at FirstAnswer.fetchFirst",
        solution='''
class FirstAnswer {
    static final java.net.http.HttpClient CLIENT = java.net.http.HttpClient.newBuilder()
            .version(java.net.http.HttpClient.Version.HTTP_1_1).build();

    static String fetch(URI url) throws Exception {
        var response = CLIENT.send(java.net.http.HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(20)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) throw new IOException(url + " answered " + response.statusCode());
        return response.body();
    }

    record Outcome(String body, Exception error) {}

    static String fetchFirst(List<URI> urls) throws Exception {
        BlockingQueue<Outcome> outcomes = new LinkedBlockingQueue<>();
        for (URI u : urls) {
            Thread t = new Thread(() -> {
                Outcome o;
                try { o = new Outcome(fetch(u), null); } catch (Exception e) { o = new Outcome(null, e); }
                outcomes.add(o);                      // a failure is an outcome too
            }, "fetch-" + u.getPath().substring(1));
            t.setDaemon(true);
            t.start();
        }
        Exception last = null;
        for (int i = 0; i < urls.size(); i++) {       // at most one outcome per URL
            Outcome o = outcomes.take();
            if (o.error() == null) return o.body();
            last = o.error();
        }
        throw new IOException("every URL failed", last);
    }
}'''),
    "02-split-sum.ipynb": dict(
        cls="ParallelSum",
        failure="but no two of them were alive at the same time",
        solution='''
class ParallelSum {
    static long sum(long from, long to, int threads) throws InterruptedException {
        long[] parts = new long[threads];
        List<Thread> workers = new ArrayList<>();
        for (int k = 0; k < threads; k++) {
            int part = k;
            long lo = from + (to - from) * k / threads, hi = from + (to - from) * (k + 1) / threads;
            Thread t = new Thread(() -> { long s = 0; for (long i = lo; i < hi; i++) s += i; parts[part] = s; }, "part-" + k);
            workers.add(t);
            t.start();
        }
        for (Thread t : workers) t.join();            // start them all, then join them all
        long total = 0;
        for (long p : parts) total += p;
        return total;
    }
}'''),
    "03-processes.ipynb": dict(
        cls="Child",
        failure="did not finish within 10 s; it was still running at Child.run",
        solution='''
class Child {
    static int run(Path javaFile, Duration limit) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        Process p = new ProcessBuilder(java, "-XX:TieredStopAtLevel=1", javaFile.toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (p.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) return p.exitValue();
        p.destroyForcibly();
        p.waitFor();                                  // gone before we return
        return -1;
    }
}'''),
    "04-sleepers.ipynb": dict(
        cls="Nappers",
        failure="did not finish within 5 s; it was still running at Nappers.sleepAll",
        solution='''
class Nappers {
    static int sleepAll(int count, long ms) throws InterruptedException {
        AtomicInteger finished = new AtomicInteger();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {   // one virtual thread per task
            for (int i = 0; i < count; i++) {
                pool.submit(() -> {
                    try {
                        Thread.sleep(ms);
                        finished.incrementAndGet();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
            }
        }
        return finished.get();
    }
}'''),
    "05-worker-queue.ipynb": dict(
        cls="Consumers",
        failure="did not finish within 5 s; it was still running at Consumers.consume",
        solution='''
class Consumers {
    static final int POISON = -1;

    static long consume(BlockingQueue<Integer> queue, int workers) throws InterruptedException {
        LongAdder total = new LongAdder();
        List<Thread> threads = new ArrayList<>();
        for (int w = 0; w < workers; w++) {
            threads.add(Thread.ofPlatform().name("consumer-" + w).start(() -> {
                try {
                    while (true) {
                        int item = queue.take();
                        if (item == POISON) return;   // the producer is done: one pill per worker
                        total.add(item);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
        }
        try {
            for (Thread t : threads) t.join();
        } finally {
            for (Thread t : threads) t.interrupt();
        }
        return total.sum();
    }
}'''),
    "08-liveness-and-cancellation.ipynb": dict(
        cls="Poller",
        failure="did not finish within 1 s; it was still running at",
        solution='''
class Poller {
    static Thread start(Runnable check) {
        return Thread.ofPlatform().name("poller").start(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                check.run();
                pause(20);
            }
        });
    }

    static void pause(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();       // keep the request for the loop above
        }
    }
}'''),
    "09-bounded-producer-consumer.ipynb": dict(
        cls="Pools",
        failure="its capacity is 10",
        solution='''
class Pools {
    static ThreadPoolExecutor bounded(int threads, int capacity) {
        return new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(capacity),
                new ThreadPoolExecutor.CallerRunsPolicy());
    }
}'''),
    "10-modern-java.ipynb": dict(
        cls="Race",
        failure="a task still running has no entry",
        solution='''
class Race {
    static <T> T first(List<Callable<T>> tasks) throws Exception {
        try (var scope = java.util.concurrent.StructuredTaskScope.open(
                java.util.concurrent.StructuredTaskScope.Joiner.<T>anySuccessfulResultOrThrow())) {
            for (Callable<T> task : tasks) scope.fork(task);
            return scope.join();                      // the first success; the others are interrupted, and close() waits for them
        }
    }
}'''),
}
