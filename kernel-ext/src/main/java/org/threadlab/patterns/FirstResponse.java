package org.threadlab.patterns;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import org.threadlab.text.Durations;

/**
 * First response wins: ask several alternative URLs at once and keep the first answer.
 * Three ways to write it in Java, and what each does with the losers.
 *
 * <pre>{@code
 * List<URI> urls = LatencyServer.shared().mirrorUrls();
 * FirstResponse.Result r = FirstResponse.queueAndDaemonThreads(urls, true);
 * System.out.println(r.summary());   // winner: .../mirror-b after 10x ms; losers: ...
 * }</pre>
 *
 * <ul>
 * <li>{@link #queueAndDaemonThreads} — the source's answer: a daemon thread per URL puts its
 *     answer on a queue, the caller takes the first. The losers keep running.</li>
 * <li>{@link #invokeAny} — {@code ExecutorService.invokeAny}: the first successful task wins and
 *     the others are cancelled (interrupted).</li>
 * <li>{@link #anyOf} — {@code CompletableFuture.anyOf} over {@code HttpClient.sendAsync}: the
 *     losers keep running unless cancelled.</li>
 * </ul>
 *
 * <p>Fetches use {@link java.net.http.HttpClient} over real sockets; a non-2xx status counts
 * as a failure, as it does for Python's {@code urlopen}.
 *
 * <p>Thread-safety: every method is stateless apart from one shared, thread-safe
 * {@code HttpClient}; calls may run concurrently.
 */
public final class FirstResponse {

    /** What became of a URL that did not win. */
    public enum LoserFate {
        /** Still running when the winner was returned, and nobody waits for it: a thread left behind. */
        LEFT_RUNNING,
        /** Still running when the winner was returned; it finished later and its answer was never read. */
        FINISHED_LATER,
        /** Interrupted by the executor when the winner arrived ({@code invokeAny}). */
        INTERRUPTED,
        /** Its future was cancelled when the winner arrived. */
        CANCELLED,
        /** It had already failed before the winner arrived. */
        FAILED
    }

    /** A URL that lost: its fate, and when it ended in ms from the start ({@code -1} if it had not ended when observed). */
    public record Loser(URI url, LoserFate fate, long endedMillis) {
    }

    /** The outcome of one race: the winning URL and its body, when it won, and the losers' fates. */
    public record Result(String variant, URI winner, String body, long elapsedMillis, List<Loser> losers) {
        /** A few lines for a notebook. */
        public String summary() {
            StringBuilder s = new StringBuilder(variant + ": winner " + winner + " after " + Durations.format(elapsedMillis)
                    + ": \"" + body + "\"");
            for (Loser l : losers) {
                s.append("\n  loser ").append(l.url()).append(": ").append(l.fate())
                        .append(l.endedMillis() >= 0 ? " (ended at " + Durations.format(l.endedMillis()) + ")" : "");
            }
            return s.toString();
        }
    }

    /** A URL's answer. */
    private record Answer(URI url, String body) {
    }

    /** Fetches give up after this long, so no thread is left waiting forever on a hung server. */
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    // One client for every fetch: it is thread-safe, and its selector thread is a daemon.
    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    private static final AtomicBoolean WARMED = new AtomicBoolean();

    private FirstResponse() {
    }

    /**
     * The first HTTP exchange in a JVM loads and initialises hundreds of classes (client and
     * local server alike), easily 100 ms or more on a busy machine; inside a race that cost
     * lands on whichever request happens to go first and can reorder a race decided by
     * latency. So each variant pays it once, before its clock starts, with a throwaway GET to
     * the same host.
     */
    static void warmUp(List<URI> urls) {
        if (urls.isEmpty() || !WARMED.compareAndSet(false, true)) {
            return;
        }
        try {
            CLIENT.send(HttpRequest.newBuilder(urls.get(0).resolve("/slow/0")).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.discarding());
        } catch (IOException e) {
            // only a warm-up: the race will report real failures
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * The source's answer: one daemon thread per URL, each putting its answer on a
     * {@code BlockingQueue}; the caller {@code take()}s the first.
     *
     * <p>The losers are still running when this returns. With {@code awaitLosers} false they
     * are left behind ({@link LoserFate#LEFT_RUNNING}): daemon threads, so they will not keep
     * the JVM up, but they finish their downloads and put answers nobody reads. With
     * {@code awaitLosers} true this joins them before returning, so you can see them finish
     * ({@link LoserFate#FINISHED_LATER}); the winner's time is still the time of the first answer.
     *
     * <p>As in the source, a failed fetch puts nothing, so if every URL fails {@code take()}
     * waits until the fetches time out — and then forever.
     */
    public static Result queueAndDaemonThreads(List<URI> urls, boolean awaitLosers) throws InterruptedException {
        warmUp(urls); // once per JVM, off the clock
        long start = System.nanoTime();
        // Unbounded, so a loser's late put never blocks.
        BlockingQueue<Answer> answers = new LinkedBlockingQueue<>();
        Map<URI, Long> endedAt = new ConcurrentHashMap<>();
        Map<URI, Thread> threads = new LinkedHashMap<>();
        for (URI url : urls) {
            Thread t = new Thread(() -> {
                try {
                    answers.put(new Answer(url, fetch(url)));
                } catch (IOException | InterruptedException e) {
                    // like the source: a failed fetch just puts nothing
                } finally {
                    endedAt.put(url, System.nanoTime());
                }
            }, "fetch-" + shortName(url));
            t.setDaemon(true); // the source's t.daemon = True: won't keep the JVM alive
            threads.put(url, t);
            t.start();
        }

        Answer first = answers.take(); // blocks until the fastest thread has put its answer
        long elapsed = millisSince(start);

        // Look at every loser before joining any: joining one takes time the others run on.
        Map<URI, Boolean> runningAtWin = new LinkedHashMap<>();
        threads.forEach((url, t) -> {
            if (!url.equals(first.url())) {
                runningAtWin.put(url, t.isAlive());
            }
        });
        if (awaitLosers) {
            for (URI url : runningAtWin.keySet()) {
                threads.get(url).join();
            }
        }
        List<Loser> losers = new ArrayList<>();
        runningAtWin.forEach((url, running) -> {
            Long ended = endedAt.get(url);
            LoserFate fate = !running ? LoserFate.FAILED
                    : awaitLosers ? LoserFate.FINISHED_LATER : LoserFate.LEFT_RUNNING;
            losers.add(new Loser(url, fate, ended == null ? -1 : (ended - start) / 1_000_000));
        });
        return new Result("queue", first.url(), first.body(), elapsed, losers);
    }

    /**
     * {@code ExecutorService.invokeAny}: returns the first task to <em>succeed</em> (failures are
     * skipped) and cancels the rest with {@code cancel(true)}, which interrupts them;
     * {@code HttpClient.send} answers an interrupt by aborting the request and throwing
     * {@code InterruptedException}. Closing the pool waits for the interrupted losers to end,
     * so every loser here is {@link LoserFate#INTERRUPTED} shortly after the winner's time.
     */
    public static Result invokeAny(List<URI> urls) throws InterruptedException, ExecutionException {
        warmUp(urls); // once per JVM, off the clock
        long start = System.nanoTime();
        Map<URI, Long> interruptedAt = new ConcurrentHashMap<>();
        List<Callable<Answer>> tasks = new ArrayList<>();
        for (URI url : urls) {
            tasks.add(() -> {
                try {
                    return new Answer(url, fetch(url));
                } catch (InterruptedException e) {
                    interruptedAt.put(url, System.nanoTime()); // a loser, cancelled by invokeAny
                    throw e;
                }
            });
        }

        Answer first;
        long elapsed;
        try (ExecutorService pool = Executors.newFixedThreadPool(urls.size(),
                Thread.ofPlatform().name("any-fetch-", 0).factory())) {
            first = pool.invokeAny(tasks);
            elapsed = millisSince(start);
        } // close() waits for the cancelled losers to notice their interrupt and end

        List<Loser> losers = new ArrayList<>();
        for (URI url : urls) {
            if (!url.equals(first.url())) {
                Long at = interruptedAt.get(url);
                losers.add(at != null
                        ? new Loser(url, LoserFate.INTERRUPTED, (at - start) / 1_000_000)
                        : new Loser(url, LoserFate.FAILED, -1));
            }
        }
        return new Result("invoke-any", first.url(), first.body(), elapsed, losers);
    }

    /**
     * {@code CompletableFuture.anyOf} over {@code HttpClient.sendAsync}: no threads of ours at
     * all, the client's own threads do the I/O. {@code anyOf} completes with the first future
     * to complete <em>even if it failed</em> (unlike {@code invokeAny}), so a fast failure makes
     * this throw.
     *
     * <p>The losers keep going unless cancelled: with {@code cancelLosers} they are
     * {@code cancel(true)}ed, which for {@code sendAsync} futures aborts the exchange
     * ({@link LoserFate#CANCELLED}); without, they are {@link LoserFate#LEFT_RUNNING} and their
     * responses arrive later, unread.
     */
    public static Result anyOf(List<URI> urls, boolean cancelLosers) {
        warmUp(urls); // once per JVM, off the clock
        long start = System.nanoTime();
        Map<URI, CompletableFuture<HttpResponse<String>>> inFlight = new LinkedHashMap<>();
        for (URI url : urls) {
            inFlight.put(url, CLIENT.sendAsync(request(url), HttpResponse.BodyHandlers.ofString())
                    .thenApply(FirstResponse::requireSuccess));
        }

        @SuppressWarnings("unchecked")
        HttpResponse<String> first = (HttpResponse<String>) CompletableFuture
                .anyOf(inFlight.values().toArray(CompletableFuture[]::new))
                .join(); // the first to complete; throws CompletionException if that one failed
        long elapsed = millisSince(start);

        List<Loser> losers = new ArrayList<>();
        for (Map.Entry<URI, CompletableFuture<HttpResponse<String>>> e : inFlight.entrySet()) {
            if (e.getKey().equals(first.uri())) {
                continue;
            }
            CompletableFuture<HttpResponse<String>> loser = e.getValue();
            if (loser.isDone()) {
                losers.add(new Loser(e.getKey(), LoserFate.FAILED, -1));
            } else if (cancelLosers) {
                loser.cancel(true);
                losers.add(new Loser(e.getKey(), LoserFate.CANCELLED, millisSince(start)));
            } else {
                losers.add(new Loser(e.getKey(), LoserFate.LEFT_RUNNING, -1));
            }
        }
        return new Result("any-of", first.uri(), first.body(), elapsed, losers);
    }

    /** GETs {@code url} and returns its body; a non-2xx status is an {@code IOException}, like {@code urlopen}. */
    static String fetch(URI url) throws IOException, InterruptedException {
        HttpResponse<String> response = CLIENT.send(request(url), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw new IOException(url + " answered " + response.statusCode());
        }
        return response.body();
    }

    private static HttpRequest request(URI url) {
        return HttpRequest.newBuilder(url).timeout(REQUEST_TIMEOUT).build();
    }

    /** The async twin of {@link #fetch}'s status check: fails the future on a non-2xx status. */
    private static HttpResponse<String> requireSuccess(HttpResponse<String> response) {
        if (response.statusCode() / 100 != 2) {
            throw new CompletionException(new IOException(response.uri() + " answered " + response.statusCode()));
        }
        return response;
    }

    /** "mirror-a" for {@code http://127.0.0.1:1234/mirror-a}: names the thread after what it fetches. */
    static String shortName(URI url) {
        String path = url.getPath();
        String last = path.substring(path.lastIndexOf('/') + 1);
        return last.isEmpty() ? url.getHost() : last;
    }

    private static long millisSince(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }
}
