package org.threadlab.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class LatencyServerTest {
    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @AfterAll
    static void stopShared() {
        LatencyServer.stopShared();
    }

    private static HttpResponse<String> get(URI url, Duration timeout) throws IOException, InterruptedException {
        return CLIENT.send(HttpRequest.newBuilder(url).timeout(timeout).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void routeAnswersNoSoonerThanItsLatency() throws Exception {
        try (LatencyServer server = LatencyServer.start()) {
            server.route("/a", Duration.ofMillis(200), 200, "body a");
            get(server.url("/slow/0"), Duration.ofSeconds(10)); // warm the client up
            long start = System.nanoTime();
            HttpResponse<String> r = get(server.url("/a"), Duration.ofSeconds(10));
            long ms = (System.nanoTime() - start) / 1_000_000;
            assertEquals(200, r.statusCode());
            assertEquals("body a", r.body());
            assertTrue(ms >= 200, "answered after " + ms + " ms, before its 200 ms latency");
            assertTrue(ms < 3_000, "answered after " + ms + " ms");
        }
    }

    @Test
    void builtInSlowAndStatusPathsAndUnknown404() throws Exception {
        try (LatencyServer server = LatencyServer.start()) {
            long start = System.nanoTime();
            HttpResponse<String> slow = get(server.url("/slow/120"), Duration.ofSeconds(10));
            assertTrue(System.nanoTime() - start >= 120_000_000L);
            assertEquals("slept 120 ms", slow.body());
            assertEquals(503, get(server.url("/status/503"), Duration.ofSeconds(10)).statusCode());
            assertEquals(404, get(server.url("/nowhere"), Duration.ofSeconds(10)).statusCode());
        }
    }

    @Test
    void configuredStatusFailureIsServed() throws Exception {
        try (LatencyServer server = LatencyServer.start()) {
            server.route("/broken", Duration.ofMillis(10), 500, "oops");
            HttpResponse<String> r = get(server.url("/broken"), Duration.ofSeconds(10));
            assertEquals(500, r.statusCode());
            assertEquals("oops", r.body());
        }
    }

    @Test
    void closeFaultDropsTheConnectionWithoutAnswer() {
        try (LatencyServer server = LatencyServer.start()) {
            server.fault("/drop", Duration.ofMillis(10), LatencyServer.Fault.CLOSE);
            assertThrows(IOException.class, () -> get(server.url("/drop"), Duration.ofSeconds(10)));
        }
    }

    @Test
    void hangFaultLeavesTheClientToTimeOut() {
        try (LatencyServer server = LatencyServer.start()) {
            server.fault("/hang", Duration.ZERO, LatencyServer.Fault.HANG);
            assertThrows(HttpTimeoutException.class, () -> get(server.url("/hang"), Duration.ofMillis(300)));
        }
    }

    @Test
    void logsEveryRequest() throws Exception {
        try (LatencyServer server = LatencyServer.start()) {
            get(server.url("/status/200"), Duration.ofSeconds(10));
            get(server.url("/status/200"), Duration.ofSeconds(10));
            get(server.url("/slow/1"), Duration.ofSeconds(10));
            assertEquals(2, server.requestCount("/status/200"));
            assertEquals(3, server.requests().size());
            assertEquals("GET", server.requests().get(0).method());
        }
    }

    @Test
    void bindsLoopbackOnly() {
        try (LatencyServer server = LatencyServer.start()) {
            assertTrue(server.address().getAddress().isLoopbackAddress());
            assertEquals("127.0.0.1", server.address().getAddress().getHostAddress());
            assertEquals("127.0.0.1", server.url("/x").getHost());
        }
    }

    @Test
    void closeFreesThePort() throws Exception {
        LatencyServer server = LatencyServer.start();
        server.fault("/hang", Duration.ZERO, LatencyServer.Fault.HANG);
        Thread hung = Thread.ofVirtual().start(() -> {
            try {
                get(server.url("/hang"), Duration.ofSeconds(20));
            } catch (Exception expected) {
                // the server closes under it
            }
        });
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (server.requestCount("/hang") == 0) {
            assertTrue(System.nanoTime() < deadline, "the hung request never reached the server");
            Thread.sleep(5);
        }
        int port = server.port();
        server.close();
        server.close(); // idempotent
        try (ServerSocket again = new ServerSocket()) {
            again.setReuseAddress(true);
            again.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        }
        hung.join(Duration.ofSeconds(10));
        assertTrue(!hung.isAlive(), "a hung client was not released when the server closed");
    }

    @Test
    void sharedIsOneServerUntilStopped() throws Exception {
        LatencyServer a = LatencyServer.shared();
        assertSame(a, LatencyServer.shared());
        assertEquals(3, a.mirrorUrls().size());
        assertEquals(a.url("/mirror-b"), a.fastestMirror());
        assertEquals(200, get(a.url("/mirror-b"), Duration.ofSeconds(10)).statusCode());
        LatencyServer.stopShared();
        LatencyServer b = LatencyServer.shared();
        assertNotSame(a, b);
        assertEquals(200, get(b.url("/mirror-b"), Duration.ofSeconds(10)).statusCode());
    }

    @Test
    void rejectsRelativeRoutePaths() {
        try (LatencyServer server = LatencyServer.start()) {
            assertThrows(IllegalArgumentException.class, () -> server.route("x", Duration.ZERO, 200, ""));
        }
    }
}
