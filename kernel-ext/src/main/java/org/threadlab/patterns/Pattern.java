package org.threadlab.patterns;

import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.threadlab.server.LatencyServer;

/**
 * The catalog: every pattern from the source thread, in the source's order, with its variants.
 *
 * <pre>{@code
 * for (Pattern p : Pattern.values()) System.out.println(p.id() + "  " + p.summary());
 * Object r = Pattern.named("split-sum").variant("executor").run("split-sum", Map.of("threads", "4"));
 * String code = Pattern.SPLIT_SUM.source();
 * }</pre>
 *
 * <p>The URL patterns fetch from {@link LatencyServer#shared()}, started on first use. Options
 * are strings (as typed after {@code --name}); numbers accept underscores ({@code 1_000_000}).
 *
 * <p>Thread-safety: the catalog is immutable; variants may run concurrently.
 */
public enum Pattern {

    FIRST_RESPONSE("first-response", "race alternative URLs, keep the first answer; what happens to the losers",
            "FirstResponse", List.of(
            new Variant("queue", "a daemon thread per URL puts on a BlockingQueue; take() the first (the source's way)",
                    "queueAndDaemonThreads",
                    List.of(new Option("await-losers", "true", "join the losers afterwards to see them finish")),
                    o -> FirstResponse.queueAndDaemonThreads(mirrors(), o.flag("await-losers"))),
            new Variant("invoke-any", "ExecutorService.invokeAny: first success wins, the rest are interrupted",
                    "invokeAny", List.of(),
                    o -> FirstResponse.invokeAny(mirrors())),
            new Variant("any-of", "CompletableFuture.anyOf over HttpClient.sendAsync; losers run on unless cancelled",
                    "anyOf",
                    List.of(new Option("cancel-losers", "true", "cancel the losers' futures once one answered")),
                    o -> FirstResponse.anyOf(mirrors(), o.flag("cancel-losers"))))),

    SPLIT_SUM("split-sum", "sum a range by summing sub-ranges in threads; joining too early; a counter race",
            "SplitSumVariants", List.of(
            new Variant("join-too-early", "a common mistake (not the source's): thread1 joined before thread2 starts: serial",
                    "joinTooEarly", List.of(n()),
                    o -> SplitSumVariants.joinTooEarly(o.longValue("n"))),
            new Variant("two-threads", "start both, then join both: parallel",
                    "twoThreads", List.of(n()),
                    o -> SplitSumVariants.twoThreads(o.longValue("n"))),
            new Variant("executor", "one task per sub-range on a fixed thread pool, results through Futures",
                    "withExecutor",
                    List.of(n(), new Option("threads", String.valueOf(Runtime.getRuntime().availableProcessors()),
                            "threads, and sub-ranges")),
                    o -> SplitSumVariants.withExecutor(o.longValue("n"), o.integer("threads"))),
            new Variant("racy-counter", "threads increment a shared long without a lock: updates are lost",
                    "racyCounter", counterOptions(),
                    o -> SplitSumVariants.racyCounter(o.integer("threads"), o.integer("increments"))),
            new Variant("long-adder", "the same counting with a LongAdder: exact",
                    "longAdderCounter", counterOptions(),
                    o -> SplitSumVariants.longAdderCounter(o.integer("threads"), o.integer("increments"))),
            new Variant("atomic", "the same counting with an AtomicLong: exact, contended",
                    "atomicCounter", counterOptions(),
                    o -> SplitSumVariants.atomicCounter(o.integer("threads"), o.integer("increments"))))),

    PROCESSES("processes", "the multiprocessing answer: child JVMs with ProcessBuilder, against threads",
            "Processes", List.of(
            new Variant("sum", "the split sum in child JVMs, partial sums read from their output",
                    "sumInChildJvms", List.of(n(), new Option("processes", "2", "child JVMs"), timeout()),
                    o -> Processes.sumInChildJvms(o.longValue("n"), o.integer("processes"), o.millis("timeout-ms"))),
            new Variant("startup", "start-up cost of an empty JVM against an empty thread",
                    "startupCost", List.of(new Option("samples", "3", "runs of each")),
                    o -> Processes.startupCost(o.integer("samples"))),
            new Variant("compare", "the same sum in child JVMs, then in threads",
                    "compare", List.of(n(), new Option("workers", "2", "child JVMs, then threads"), timeout()),
                    o -> Processes.compare(o.longValue("n"), o.integer("workers"), o.millis("timeout-ms"))))),

    SLEEPERS("sleepers", "threads sleep random times, all started, all joined, then \"Done\"",
            "Sleepers", List.of(
            new Variant("threads", "the source's example: each thread prints its sleep; Done last",
                    "run", sleeperOptions("10", "false"),
                    o -> Sleepers.run(o.integer("count"), o.longValue("seed"), o.millis("max-ms"), o.flag("virtual"),
                            System.out)),
            new Variant("virtual-scale", "the same at 10,000 virtual threads, with a summary line",
                    "atScale", sleeperOptions("10000", "true"),
                    o -> Sleepers.atScale(o.integer("count"), o.longValue("seed"), o.millis("max-ms"),
                            o.flag("virtual"), System.out)))),

    WORKER_QUEUE("worker-queue", "a queue of work drained by a fixed number of workers; the empty-queue race",
            "WorkerQueue", List.of(
            new Variant("drain", "prefilled queue, workers poll() until empty (the source's way)",
                    "drainUntilEmpty", workerOptions(),
                    o -> WorkerQueue.drainUntilEmpty(o.integer("items"), o.integer("workers"), o.millis("item-ms"))),
            new Variant("drain-while-producing", "the race: workers quit on an empty queue while a producer still adds",
                    "drainWhileProducing",
                    concat(workerOptions(), new Option("prefilled", "5", "items in the queue before the workers start")),
                    o -> WorkerQueue.drainWhileProducing(o.integer("items"), o.integer("prefilled"),
                            o.integer("workers"), o.millis("item-ms"))),
            new Variant("poison-pills", "workers take() until their poison pill: nothing is missed",
                    "poisonPills", workerOptions(),
                    o -> WorkerQueue.poisonPills(o.integer("items"), o.integer("workers"), o.millis("item-ms"))),
            new Variant("fixed-pool", "Executors.newFixedThreadPool and invokeAll",
                    "fixedThreadPool", workerOptions(),
                    o -> WorkerQueue.fixedThreadPool(o.integer("items"), o.integer("workers"), o.millis("item-ms")))));

    private final String id;
    private final String summary;
    private final String sourceClass;
    private final List<Variant> variants;

    Pattern(String id, String summary, String sourceClass, List<Variant> variants) {
        this.id = id;
        this.summary = summary;
        this.sourceClass = sourceClass;
        this.variants = List.copyOf(variants);
    }

    /** The name typed after {@code %pattern}, e.g. {@code split-sum}. */
    public String id() {
        return id;
    }

    /** One line saying what the pattern shows. */
    public String summary() {
        return summary;
    }

    /** The simple name of the class holding the pattern's code, for {@link PatternSource}. */
    public String sourceClass() {
        return sourceClass;
    }

    /** The variants; the first is the default. */
    public List<Variant> variants() {
        return variants;
    }

    /** The variant run when none is named. */
    public Variant defaultVariant() {
        return variants.get(0);
    }

    /** The variant called {@code name}; an unknown name is rejected with the valid ones listed. */
    public Variant variant(String name) {
        return variants.stream().filter(v -> v.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("Unknown variant '" + name + "' for " + id
                        + "; valid variants are " + variants.stream().map(Variant::name).collect(Collectors.joining(", ")) + "."));
    }

    /** Runs {@code variant} (null for the default) with {@code options} over its defaults. */
    public Object run(String variant, Map<String, String> options) throws Exception {
        return (variant == null ? defaultVariant() : variant(variant)).run(id, options);
    }

    /** The Java source of the class holding this pattern's code, as shipped in the jar. */
    public String source() {
        return PatternSource.of(sourceClass);
    }

    /** The pattern called {@code id}; an unknown name is rejected with the valid ones listed. */
    public static Pattern named(String id) {
        return Arrays.stream(values()).filter(p -> p.id.equals(id)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("Unknown pattern '" + id + "'; valid patterns are "
                        + Arrays.stream(values()).map(Pattern::id).collect(Collectors.joining(", ")) + "."));
    }

    private static List<URI> mirrors() {
        return LatencyServer.shared().mirrorUrls();
    }

    private static Option n() {
        return new Option("n", "1_000_000_000", "sum term(i) for 0 <= i < n");
    }

    private static Option timeout() {
        return new Option("timeout-ms", "60000", "kill child JVMs still running after this long");
    }

    private static List<Option> counterOptions() {
        return List.of(new Option("threads", "2", "threads counting at once"),
                new Option("increments", "1_000_000", "increments per thread"));
    }

    private static List<Option> sleeperOptions(String count, String virtual) {
        return List.of(new Option("count", count, "sleeping threads, numbered from 1"),
                new Option("seed", "42", "seed for the random sleeps: same seed, same sleeps"),
                new Option("max-ms", "1000", "longest sleep, in ms (shortest is 1 ms)"),
                new Option("virtual", virtual, "virtual threads instead of platform threads"));
    }

    private static List<Option> workerOptions() {
        return List.of(new Option("items", "20", "work items"),
                new Option("workers", "5", "worker threads"),
                new Option("item-ms", "20", "time one item takes, in ms (a sleep standing in for a download)"));
    }

    private static List<Option> concat(List<Option> options, Option more) {
        return java.util.stream.Stream.concat(options.stream(), java.util.stream.Stream.of(more)).toList();
    }
}
