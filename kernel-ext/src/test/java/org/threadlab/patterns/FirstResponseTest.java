package org.threadlab.patterns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.threadlab.patterns.FirstResponse.Loser;
import org.threadlab.patterns.FirstResponse.LoserFate;
import org.threadlab.patterns.FirstResponse.Result;
import org.threadlab.server.LatencyServer;

class FirstResponseTest {
    private static LatencyServer server;
    private static List<URI> mirrors;

    @BeforeAll
    static void startServer() {
        server = LatencyServer.start().withMirrors();
        mirrors = server.mirrorUrls();
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    private static void assertFastestWon(Result r) {
        assertEquals(server.fastestMirror(), r.winner(), r.summary());
        assertTrue(r.body().startsWith("hello from mirror-b"), r.body());
        assertTrue(r.elapsedMillis() >= 100, "won in " + r.elapsedMillis() + " ms, under its 100 ms latency");
        assertEquals(2, r.losers().size());
    }

    @Test
    void queueVariantFastestMirrorWinsAndLosersFinishLater() throws Exception {
        for (int run = 0; run < 3; run++) {
            Result r = FirstResponse.queueAndDaemonThreads(mirrors, true);
            assertFastestWon(r);
            for (Loser l : r.losers()) {
                assertEquals(LoserFate.FINISHED_LATER, l.fate(), r.summary());
                assertTrue(l.endedMillis() >= 250, "a loser ended at " + l.endedMillis() + " ms");
            }
        }
    }

    @Test
    void queueVariantLeavesLosersRunningWhenNotAwaited() throws Exception {
        Result r = FirstResponse.queueAndDaemonThreads(mirrors, false);
        assertFastestWon(r);
        r.losers().forEach(l -> assertEquals(LoserFate.LEFT_RUNNING, l.fate(), r.summary()));
        // the left-behind daemon threads are real: they are still alive, named after their URL
        assertTrue(Thread.getAllStackTraces().keySet().stream()
                .anyMatch(t -> t.getName().equals("fetch-mirror-a") && t.isDaemon()));
    }

    @Test
    void invokeAnyFastestMirrorWinsAndLosersAreInterrupted() throws Exception {
        for (int run = 0; run < 3; run++) {
            Result r = FirstResponse.invokeAny(mirrors);
            assertFastestWon(r);
            for (Loser l : r.losers()) {
                assertEquals(LoserFate.INTERRUPTED, l.fate(), r.summary());
                // interrupted once the winner had answered (at its 100 ms latency or later): invokeAny cancels the
                // losers before it returns, so one may end a millisecond before the winner's time is taken
                assertTrue(l.endedMillis() >= 100, r.summary());
            }
        }
    }

    @Test
    void invokeAnySkipsAFasterFailure() throws Exception {
        server.route("/fails-fast", Duration.ofMillis(10), 503, "down");
        Result r = FirstResponse.invokeAny(List.of(server.url("/fails-fast"), server.url("/mirror-b")));
        assertEquals(server.url("/mirror-b"), r.winner());
        assertEquals(LoserFate.FAILED, r.losers().get(0).fate());
    }

    @Test
    void anyOfFastestMirrorWinsAndLosersAreCancelledOrLeftRunning() {
        for (int run = 0; run < 3; run++) {
            Result cancelled = FirstResponse.anyOf(mirrors, true);
            assertFastestWon(cancelled);
            cancelled.losers().forEach(l -> assertEquals(LoserFate.CANCELLED, l.fate(), cancelled.summary()));
        }
        Result left = FirstResponse.anyOf(mirrors, false);
        assertFastestWon(left);
        left.losers().forEach(l -> assertEquals(LoserFate.LEFT_RUNNING, l.fate(), left.summary()));
    }

    @Test
    void anyOfTakesAFasterFailure() {
        server.route("/fails-fast", Duration.ofMillis(10), 503, "down");
        assertThrows(CompletionException.class,
                () -> FirstResponse.anyOf(List.of(server.url("/fails-fast"), server.url("/mirror-b")), true));
    }
}
