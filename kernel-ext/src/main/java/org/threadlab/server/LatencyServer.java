package org.threadlab.server;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A local HTTP server whose paths answer after set latencies, or fail in set ways, so URL
 * examples run offline and give the same result every time.
 *
 * <pre>{@code
 * try (LatencyServer server = LatencyServer.start()) {
 *     server.route("/mirror-a", Duration.ofMillis(300), 200, "from a");
 *     HttpResponse<String> r = HttpClient.newHttpClient().send(
 *             HttpRequest.newBuilder(server.url("/mirror-a")).build(),
 *             HttpResponse.BodyHandlers.ofString());   // "from a", after at least 300 ms
 * }
 * }</pre>
 *
 * <p>It listens on 127.0.0.1 only, on an ephemeral port. Besides configured routes it always
 * serves {@code /slow/{ms}} (200 after {@code ms} milliseconds) and {@code /status/{code}}
 * (that status at once). Unknown paths answer 404. Each request is handled by one of
 * {@value #HANDLER_THREADS} daemon threads started with the server, which sleeps the route's
 * latency and then responds, so a route's latency is a lower bound on what a client sees
 * (up to that many requests in flight; more wait their turn).
 *
 * <p>{@link #shared()} is one process-wide server with the {@link #MIRRORS} routes, started on
 * first use and stopped by {@link #stopShared()} (the extension calls it when the kernel
 * shuts down) or by a JVM shutdown hook.
 *
 * <p>Thread-safety: every method may be called from any thread. A route added before a
 * request arrives is seen by that request; {@link #requests()} is a snapshot.
 */
public final class LatencyServer implements AutoCloseable {

    /** How a route fails instead of answering normally. */
    public enum Fault {
        /** Answer normally with the route's status and body. */
        NONE,
        /** After the latency, close the connection without any response (the client sees an I/O error). */
        CLOSE,
        /** Never answer; the connection stays open until the client times out or the server closes. */
        HANG
    }

    /** What a path answers: after {@code latency}, {@code status} with {@code body}, unless {@code fault} says otherwise. */
    public record Route(Duration latency, int status, String body, Fault fault) {
        public Route {
            Objects.requireNonNull(latency, "latency");
            Objects.requireNonNull(body, "body");
            Objects.requireNonNull(fault, "fault");
            if (latency.isNegative()) {
                throw new IllegalArgumentException("latency must not be negative, got " + latency);
            }
        }
    }

    /** One request the server received, logged when it arrived (before the latency). */
    public record Request(String method, String path, Instant arrived) {
    }

    /** A default mirror: a path and the latency it answers after. */
    public record Mirror(String path, Duration latency) {
    }

    /**
     * The default mirrors for the first-response pattern. Latencies differ by at least 150 ms,
     * far more than thread start-up or scheduling noise, so the fastest one wins every run. The
     * fastest is deliberately not listed first: the winner is decided by latency, not by which
     * thread was started first.
     */
    public static final List<Mirror> MIRRORS = List.of(
            new Mirror("/mirror-a", Duration.ofMillis(400)),
            new Mirror("/mirror-b", Duration.ofMillis(100)),
            new Mirror("/mirror-c", Duration.ofMillis(250)));

    /** A hung request gives up after this long even if the server stays open. */
    private static final Duration HANG_LIMIT = Duration.ofMinutes(5);

    /** Requests answered at the same time; more wait their turn. */
    static final int HANDLER_THREADS = 32;

    private static LatencyServer shared;
    private static boolean hookInstalled;

    private final HttpServer http;
    private final ExecutorService handlers;
    private final Map<String, Route> routes = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<Request> log = new ConcurrentLinkedQueue<>();
    private final CountDownLatch closing = new CountDownLatch(1);
    private final AtomicBoolean closed = new AtomicBoolean();

    private LatencyServer(HttpServer http, ExecutorService handlers) {
        this.http = http;
        this.handlers = handlers;
    }

    /** Starts a new server on 127.0.0.1 and an ephemeral port; close it when done. */
    public static LatencyServer start() {
        HttpServer http;
        try {
            http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot bind a local port for the latency server", e);
        }
        // A fixed pool of daemon threads started now: a recording of a pattern that fetches from the
        // server sees no server threads start during it, so none is drawn as the pattern's.
        AtomicInteger handlerCount = new AtomicInteger();
        ThreadPoolExecutor handlers = new ThreadPoolExecutor(HANDLER_THREADS, HANDLER_THREADS, 0, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), r -> {
                    Thread t = new Thread(r, "latency-server-" + handlerCount.getAndIncrement());
                    t.setDaemon(true);
                    return t;
                });
        handlers.prestartAllCoreThreads();
        LatencyServer server = new LatencyServer(http, handlers);
        http.setExecutor(handlers);
        http.createContext("/", server::handle);
        // HttpServer's dispatcher thread inherits daemon status from the thread that starts it:
        // start it from a daemon thread so a forgotten server never keeps a JVM (or a test run) alive.
        Thread starter = Thread.ofPlatform().daemon().name("latency-server-start").start(http::start);
        try {
            starter.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            server.close();
            throw new IllegalStateException("interrupted while starting the latency server", e);
        }
        return server;
    }

    /** The process-wide server with the {@link #MIRRORS} routes, started on first call. */
    public static synchronized LatencyServer shared() {
        if (shared == null) {
            shared = start().withMirrors();
            if (!hookInstalled) {
                Runtime.getRuntime().addShutdownHook(new Thread(LatencyServer::stopShared, "latency-server-stop"));
                hookInstalled = true;
            }
        }
        return shared;
    }

    /** Stops the process-wide server if it is running; a later {@link #shared()} starts a new one. */
    public static synchronized void stopShared() {
        if (shared != null) {
            shared.close();
            shared = null;
        }
    }

    /** Adds the {@link #MIRRORS} routes; each answers 200 with a body naming the mirror. */
    public LatencyServer withMirrors() {
        for (Mirror m : MIRRORS) {
            route(m.path(), m.latency(), 200, "hello from " + m.path().substring(1) + " (" + m.latency().toMillis() + " ms)");
        }
        return this;
    }

    /** The URLs of the {@link #MIRRORS}, in their listed order. */
    public List<URI> mirrorUrls() {
        return MIRRORS.stream().map(m -> url(m.path())).toList();
    }

    /** The URL of the mirror with the smallest latency: the one that should win a race. */
    public URI fastestMirror() {
        Mirror fastest = MIRRORS.get(0);
        for (Mirror m : MIRRORS) {
            if (m.latency().compareTo(fastest.latency()) < 0) {
                fastest = m;
            }
        }
        return url(fastest.path());
    }

    /** Serves {@code path}: after {@code latency}, answers {@code status} with {@code body}. Replaces an earlier route. */
    public LatencyServer route(String path, Duration latency, int status, String body) {
        return route(path, new Route(latency, status, body, Fault.NONE));
    }

    /** Serves {@code path} with a fault: after {@code latency}, closes the connection ({@link Fault#CLOSE}) or never answers ({@link Fault#HANG}). */
    public LatencyServer fault(String path, Duration latency, Fault fault) {
        return route(path, new Route(latency, 500, "", fault));
    }

    /** The configured routes by path, sorted (the built-in {@code /slow/MS} and {@code /status/CODE} not included). */
    public java.util.SortedMap<String, Route> routes() {
        return new java.util.TreeMap<>(routes);
    }

    /** Serves {@code path} as {@code route} says. */
    public LatencyServer route(String path, Route route) {
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException("A route path must start with '/', got '" + path + "'.");
        }
        routes.put(path, route);
        return this;
    }

    /** The port the server listens on. */
    public int port() {
        return http.getAddress().getPort();
    }

    /** The address the server listens on (always 127.0.0.1). */
    public InetSocketAddress address() {
        return http.getAddress();
    }

    /** The full URL of {@code path} on this server, e.g. {@code http://127.0.0.1:41234/mirror-a}. */
    public URI url(String path) {
        return URI.create("http://127.0.0.1:" + port() + (path.startsWith("/") ? path : "/" + path));
    }

    /** Every request received so far, oldest first (a snapshot). */
    public List<Request> requests() {
        return new ArrayList<>(log);
    }

    /** How many requests for {@code path} have arrived so far. */
    public long requestCount(String path) {
        return log.stream().filter(r -> r.path().equals(path)).count();
    }

    /** Forgets the request log (routes stay). */
    public void clearRequests() {
        log.clear();
    }

    /** Stops listening, releases hung requests and ends the handler threads. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        closing.countDown();
        http.stop(0);
        handlers.shutdownNow(); // interrupts handlers still sleeping out a latency
        try {
            handlers.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void handle(HttpExchange exchange) {
        String path = exchange.getRequestURI().getPath();
        log.add(new Request(exchange.getRequestMethod(), path, Instant.now()));
        try (exchange) {
            Route route = routeFor(path);
            // Sleep first, then respond: the latency is a floor on what the client sees.
            Thread.sleep(route.latency());
            switch (route.fault()) {
                case CLOSE -> {
                    // closing an exchange before sending headers drops the connection with no response
                }
                case HANG -> closing.await(HANG_LIMIT.toMillis(), TimeUnit.MILLISECONDS);
                case NONE -> respond(exchange, route.status(), route.body());
            }
        } catch (InterruptedException e) {
            // the server is closing: give up on this request
        } catch (IOException e) {
            // the client went away before the answer (a cancelled loser, a timeout): nothing to do
        }
    }

    private Route routeFor(String path) {
        Route configured = routes.get(path);
        if (configured != null) {
            return configured;
        }
        try {
            if (path.startsWith("/slow/")) {
                long ms = Long.parseLong(path.substring("/slow/".length()));
                return new Route(Duration.ofMillis(ms), 200, "slept " + ms + " ms", Fault.NONE);
            }
            if (path.startsWith("/status/")) {
                int code = Integer.parseInt(path.substring("/status/".length()));
                if (code >= 100 && code <= 599) {
                    return new Route(Duration.ZERO, code, "status " + code, Fault.NONE);
                }
            }
        } catch (NumberFormatException e) {
            // falls through to 404
        }
        return new Route(Duration.ZERO, 404, "no route for " + path, Fault.NONE);
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }
}
