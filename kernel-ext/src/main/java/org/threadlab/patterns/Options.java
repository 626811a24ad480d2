package org.threadlab.patterns;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The option values one run of a variant uses: the caller's values over the declared
 * defaults, checked against the declared names.
 *
 * <pre>{@code
 * Options o = Options.resolve("split-sum executor", variant.options(), Map.of("threads", "4"));
 * int threads = o.integer("threads");
 * }</pre>
 *
 * <p>Immutable and thread-safe. Every error is an {@link IllegalArgumentException} whose
 * message is one sentence naming the option.
 */
public final class Options {
    private final String where;
    private final Map<String, String> values;

    private Options(String where, Map<String, String> values) {
        this.where = where;
        this.values = values;
    }

    /** Defaults from {@code declared}, overridden by {@code given}; an unknown name is rejected with the valid ones listed. */
    public static Options resolve(String where, List<Option> declared, Map<String, String> given) {
        Map<String, String> values = new LinkedHashMap<>();
        declared.forEach(o -> values.put(o.name(), o.defaultValue()));
        for (Map.Entry<String, String> e : given.entrySet()) {
            if (!values.containsKey(e.getKey())) {
                String valid = declared.isEmpty() ? "it takes no options"
                        : "valid options are " + declared.stream().map(Option::name).collect(Collectors.joining(", "));
                throw new IllegalArgumentException("Unknown option '" + e.getKey() + "' for " + where + "; " + valid + ".");
            }
            values.put(e.getKey(), e.getValue());
        }
        return new Options(where, Map.copyOf(values));
    }

    /** Every option's value, defaults included. */
    public Map<String, String> values() {
        return values;
    }

    /** The raw value of {@code name}. */
    public String get(String name) {
        String v = values.get(name);
        if (v == null) {
            throw new IllegalArgumentException("No option '" + name + "' for " + where + ".");
        }
        return v;
    }

    public int integer(String name) {
        try {
            return Integer.parseInt(get(name).replace("_", ""));
        } catch (NumberFormatException e) {
            throw bad(name, "a whole number");
        }
    }

    public long longValue(String name) {
        try {
            return Long.parseLong(get(name).replace("_", ""));
        } catch (NumberFormatException e) {
            throw bad(name, "a whole number");
        }
    }

    public boolean flag(String name) {
        return switch (get(name).toLowerCase(java.util.Locale.ROOT)) {
            case "true", "yes", "on" -> true;
            case "false", "no", "off" -> false;
            default -> throw bad(name, "true or false");
        };
    }

    /** A value given in milliseconds, e.g. {@code --max-ms 1000}. */
    public Duration millis(String name) {
        return Duration.ofMillis(longValue(name));
    }

    private IllegalArgumentException bad(String name, String expected) {
        return new IllegalArgumentException("Option '" + name + "' for " + where + " must be " + expected
                + ", but got '" + values.get(name) + "'.");
    }

    @Override
    public String toString() {
        return values.toString();
    }
}
