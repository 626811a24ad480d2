package org.threadlab.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The points a benchmark visits: the cartesian product of its variables (a grid when there are
 * several), plus which variable, if any, is a thread count.
 *
 * <pre>{@code
 * Sweep s = new Sweep(List.of(SweepVariable.parse("threads=1,2"), SweepVariable.parse("size=10,20")), "threads");
 * s.points();   // [{threads=1, size=10}, {threads=1, size=20}, {threads=2, size=10}, {threads=2, size=20}]
 * }</pre>
 *
 * <p>Order: like nested loops, the first variable changes slowest. Each point is an unmodifiable
 * map in variable order, created once, so the runner passes the same map to every run of a point.
 *
 * <p>Thread-safety: an immutable value.
 *
 * @param variables at least one, with distinct names
 * @param threadVariable the name of the thread-count variable, or {@code null} for none
 */
public record Sweep(List<SweepVariable> variables, String threadVariable) {
    /** Names that mark a thread-count variable without {@code --x}. */
    public static final Set<String> THREAD_NAMES = Set.of("threads", "nthreads", "n_threads", "workers");
    /** Upper bound on a thread count, to catch typos such as threads=1..8*20. */
    public static final int MAX_THREADS = 10_000;

    public Sweep {
        variables = List.copyOf(variables);
        if (variables.isEmpty()) {
            throw BenchOptions.usageError("There is nothing to sweep; give at least one NAME=V1,V2,...");
        }
        List<String> seen = new ArrayList<>();
        for (SweepVariable v : variables) {
            if (seen.contains(v.name())) {
                throw BenchOptions.usageError("The variable '" + v.name() + "' is swept twice");
            }
            seen.add(v.name());
        }
        if (threadVariable != null) {
            SweepVariable tv = variable(variables, threadVariable);
            if (tv == null) {
                throw BenchOptions.usageError("--x names '" + threadVariable + "', which is not a swept variable (" + String.join(", ", seen) + ")");
            }
            for (Object o : tv.values()) {
                long n = o instanceof Integer i ? i : o instanceof Long l ? l : o instanceof String str ? whole(str) : -1;
                if (n < 1 || n > MAX_THREADS) {
                    throw BenchOptions.usageError("Thread counts must be whole numbers from 1 to " + MAX_THREADS
                            + ", but " + threadVariable + " has '" + o + "'");
                }
            }
        }
    }

    private static long whole(String s) {
        try {
            return Long.parseLong(s.trim());   // a String variable mixes text and numbers: name the text
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** A sweep whose thread variable is {@code explicit} if given, else the first variable named like {@link #THREAD_NAMES}. */
    public static Sweep of(List<SweepVariable> variables, String explicit) {
        String tv = explicit;
        if (tv == null) {
            for (SweepVariable v : variables) {
                if (THREAD_NAMES.contains(v.name().toLowerCase(java.util.Locale.ROOT))) {
                    tv = v.name();
                    break;
                }
            }
        }
        return new Sweep(variables, tv);
    }

    /** Every point, in order; each an unmodifiable map from variable name to value. */
    public List<Map<String, Object>> points() {
        List<Map<String, Object>> out = new ArrayList<>();
        product(0, new LinkedHashMap<>(), out);
        return out;
    }

    /** The number of points, the product of the variables' sizes. */
    public int size() {
        int n = 1;
        for (SweepVariable v : variables) {
            n *= v.values().size();
        }
        return n;
    }

    /** The variable called {@code name}, or {@code null}. */
    public SweepVariable variable(String name) {
        return variable(variables, name);
    }

    private static SweepVariable variable(List<SweepVariable> vs, String name) {
        for (SweepVariable v : vs) {
            if (v.name().equals(name)) {
                return v;
            }
        }
        return null;
    }

    private void product(int depth, LinkedHashMap<String, Object> partial, List<Map<String, Object>> out) {
        if (depth == variables.size()) {
            out.add(Collections.unmodifiableMap(new LinkedHashMap<>(partial)));
            return;
        }
        SweepVariable v = variables.get(depth);
        for (Object value : v.values()) {
            partial.put(v.name(), value);
            product(depth + 1, partial, out);
        }
        partial.remove(v.name());
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder();
        for (SweepVariable v : variables) {
            b.append(b.length() == 0 ? "" : " ").append(v);
        }
        return b.toString();
    }
}
