package org.threadlab.patterns;

/**
 * One option a pattern variant takes, e.g. {@code threads} with default {@code 4}: what the
 * pattern magic shows as {@code --threads 4}.
 *
 * <pre>{@code
 * new Option("threads", "4", "how many threads sum sub-ranges")
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public record Option(String name, String defaultValue, String help) {
}
