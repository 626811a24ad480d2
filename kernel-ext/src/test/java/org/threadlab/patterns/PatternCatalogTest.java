package org.threadlab.patterns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.threadlab.server.LatencyServer;

class PatternCatalogTest {

    @AfterAll
    static void stopShared() {
        LatencyServer.stopShared();
    }

    @Test
    void listsTheSourcePatternsInOrder() {
        assertEquals(List.of("first-response", "split-sum", "processes", "sleepers", "worker-queue"),
                Arrays.stream(Pattern.values()).map(Pattern::id).toList());
        for (Pattern p : Pattern.values()) {
            assertTrue(!p.summary().isBlank() && !p.summary().contains("\n"), p.id());
            assertTrue(p.variants().size() >= 2, p.id());
            for (Variant v : p.variants()) {
                assertTrue(!v.summary().contains("\n"), v.name());
                v.resolve(p.id(), Map.of()); // every default parses
                // every variant's code can be shown on its own
                assertTrue(PatternSource.method(p.sourceClass(), v.method()).contains(v.method() + "("), v.method());
            }
        }
    }

    @Test
    void unknownOptionIsOneSentenceNamingItAndTheValidOnes() {
        Variant executor = Pattern.named("split-sum").variant("executor");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> executor.run("split-sum", Map.of("thread", "4")));
        assertEquals("Unknown option 'thread' for split-sum --variant executor; valid options are n, threads.",
                e.getMessage());
        IllegalArgumentException none = assertThrows(IllegalArgumentException.class,
                () -> Pattern.FIRST_RESPONSE.run("invoke-any", Map.of("x", "1")));
        assertTrue(none.getMessage().contains("it takes no options"), none.getMessage());
    }

    @Test
    void badValuesAndNamesAreRejectedClearly() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Pattern.SPLIT_SUM.run("executor", Map.of("threads", "four")));
        assertEquals("Option 'threads' for split-sum --variant executor must be a whole number, but got 'four'.",
                e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> Pattern.SLEEPERS.run("threads", Map.of("virtual", "maybe")));
        IllegalArgumentException p = assertThrows(IllegalArgumentException.class, () -> Pattern.named("nope"));
        assertTrue(p.getMessage().contains("first-response, split-sum, processes, sleepers, worker-queue"));
        IllegalArgumentException v = assertThrows(IllegalArgumentException.class, () -> Pattern.SPLIT_SUM.variant("x"));
        assertTrue(v.getMessage().startsWith("Unknown variant 'x' for split-sum; valid variants are join-too-early,"));
    }

    @Test
    void runsAVariantWithGivenOptions() throws Exception {
        Object r = Pattern.named("split-sum").run("executor", Map.of("n", "1_000_000", "threads", "3"));
        SplitSumVariants.Sum sum = assertInstanceOf(SplitSumVariants.Sum.class, r);
        assertEquals(SplitSumVariants.sumRange(0, 1_000_000), sum.total());
        assertEquals(3, sum.parts().size());
        Object w = Pattern.WORKER_QUEUE.defaultVariant().withDefaults().call();
        assertEquals(20, assertInstanceOf(WorkerQueue.Result.class, w).processed());
    }

    @Test
    void firstResponseDefaultRacesTheSharedMirrors() throws Exception {
        Object r = Pattern.FIRST_RESPONSE.run("any-of", Map.of());
        FirstResponse.Result result = assertInstanceOf(FirstResponse.Result.class, r);
        assertEquals(LatencyServer.shared().fastestMirror(), result.winner());
    }

    @Test
    void sourcesShipAsResources() {
        String all = PatternSource.of("SplitSumVariants");
        assertTrue(all.startsWith("package org.threadlab.patterns;"));
        String method = PatternSource.method("SplitSumVariants", "joinTooEarly");
        assertTrue(method.startsWith("/**"), method);
        assertTrue(method.contains("thread1.join();"), method);
        assertTrue(method.strip().endsWith("}"), method);
        assertTrue(!method.contains("twoThreads("), method);
        assertThrows(IllegalArgumentException.class, () -> PatternSource.of("../secret"));
        assertThrows(IllegalArgumentException.class, () -> PatternSource.of("Missing"));
        assertThrows(IllegalArgumentException.class, () -> PatternSource.method("Sleepers", "nothing"));
    }
}
