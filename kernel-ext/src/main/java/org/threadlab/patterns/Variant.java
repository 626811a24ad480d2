package org.threadlab.patterns;

import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * One way to write a pattern: a name, one line saying what it shows, its options with
 * defaults, the method that holds its code, and how to run it.
 *
 * <pre>{@code
 * Variant v = Pattern.named("split-sum").variant("executor");
 * Object result = v.run(Map.of("threads", "4"));   // a SplitSumVariants.Sum
 * String code = PatternSource.method(Pattern.SPLIT_SUM.sourceClass(), v.method());
 * }</pre>
 *
 * <p>Immutable and thread-safe; each run is independent.
 */
public record Variant(String name, String summary, String method, List<Option> options, Body body) {

    /** The code a variant runs, given its resolved options. */
    @FunctionalInterface
    public interface Body {
        Object run(Options options) throws Exception;
    }

    public Variant {
        options = List.copyOf(options);
    }

    /** Runs this variant with {@code given} options over the defaults; an unknown option is an {@link IllegalArgumentException}. */
    public Object run(String patternName, Map<String, String> given) throws Exception {
        return body.run(Options.resolve(patternName + " --variant " + name, options, given));
    }

    /** Checks {@code given} without running anything: throws as {@link #run} would for a bad option. */
    public Options resolve(String patternName, Map<String, String> given) {
        return Options.resolve(patternName + " --variant " + name, options, given);
    }

    /** This variant with every default, ready to hand to an executor or a recorder. */
    public Callable<Object> withDefaults() {
        return () -> body.run(Options.resolve(name, options, Map.of()));
    }
}
