package org.threadlab.jupyter;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A magic's {@code --flag VALUE}, {@code --flag=VALUE} and {@code --switch} arguments, checked
 * against the flags it knows; anything else is a {@link UsageException} naming it.
 *
 * <pre>{@code
 * Flags f = Flags.parse(args, Set.of("--timeout", "--csv"), Set.of("--svg"), USAGE);
 * double seconds = f.decimal("--timeout", 60, 0.1, 86_400);
 * }</pre>
 */
final class Flags {
    private final Map<String, String> values = new HashMap<>();
    private final Set<String> switches = new HashSet<>();
    private final String usage;

    private Flags(String usage) {
        this.usage = usage;
    }

    static Flags parse(List<String> args, Set<String> valued, Set<String> switches, String usage) {
        Flags f = new Flags(usage);
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            int eq = a.indexOf('=');
            String name = a.startsWith("--") && eq > 0 ? a.substring(0, eq) : a;
            if (valued.contains(name)) {
                String value;
                if (eq > 0 && a.startsWith("--")) {
                    value = a.substring(eq + 1);
                } else if (i + 1 < args.size() && !args.get(i + 1).startsWith("--")) {
                    value = args.get(++i);
                } else {
                    throw new UsageException(name + " needs a value.", usage);
                }
                f.values.put(name, value);
            } else if (switches.contains(a)) {
                f.switches.add(a);
            } else if (a.startsWith("-")) {
                throw new UsageException("Unknown option '" + a + "'.", usage);
            } else {
                throw new UsageException("Unexpected argument '" + a + "'.", usage);
            }
        }
        return f;
    }

    boolean has(String flag) {
        return switches.contains(flag) || values.containsKey(flag);
    }

    String text(String flag) {
        return values.get(flag);
    }

    double decimal(String flag, double dflt, double min, double max) {
        return decimal(flag, values.get(flag), dflt, min, max, usage);
    }

    /** {@code value} (null for {@code dflt}) as a number from min to max, else a {@link UsageException} naming {@code flag}. */
    static double decimal(String flag, String value, double dflt, double min, double max, String usage) {
        if (value == null) {
            return dflt;
        }
        try {
            double d = Double.parseDouble(value.replace("_", ""));
            if (d >= min && d <= max) {
                return d;
            }
        } catch (NumberFormatException e) {
            // the sentence below says what is expected
        }
        throw new UsageException(flag + " must be a number from " + fmt(min) + " to " + fmt(max) + ", not '" + value + "'.", usage);
    }

    int integer(String flag, int dflt, int min, int max) {
        double d = decimal(flag, dflt, min, max);
        if (d != Math.rint(d)) {
            throw new UsageException(flag + " must be a whole number, not '" + values.get(flag) + "'.", usage);
        }
        return (int) d;
    }

    /** {@code WIDTHxHEIGHT} in pixels. */
    int[] size(String flag, int width, int height) {
        String v = values.get(flag);
        if (v == null) {
            return new int[] {width, height};
        }
        String[] parts = v.toLowerCase(java.util.Locale.ROOT).split("x");
        try {
            if (parts.length == 2) {
                int w = Integer.parseInt(parts[0].strip());
                int h = Integer.parseInt(parts[1].strip());
                if (w >= 200 && w <= 10_000 && (h == 0 || (h >= 150 && h <= 10_000))) {
                    return new int[] {w, h};
                }
            }
        } catch (NumberFormatException e) {
            // the sentence below says what is expected
        }
        throw new UsageException(flag + " must be WIDTHxHEIGHT in pixels (width 200-10000, height 150-10000 or 0 to fit), not '" + v + "'.", usage);
    }

    /** {@code 2 s} or {@code 0.5 s}. */
    static String seconds(double s) {
        return fmt(s) + " s";
    }

    private static String fmt(double d) {
        return d == Math.rint(d) ? String.valueOf((long) d) : String.valueOf(d);
    }
}
