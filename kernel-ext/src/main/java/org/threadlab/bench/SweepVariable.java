package org.threadlab.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.threadlab.args.UsageException;

/**
 * One swept variable: a name and its values, all of one Java type.
 *
 * <pre>{@code
 * SweepVariable.parse("threads=1,2,4,8");     // int values 1, 2, 4, 8
 * SweepVariable.parse("threads=1..8*2");      // same, as a geometric range
 * SweepVariable.parse("n=0..100:25");         // int 0, 25, 50, 75, 100
 * SweepVariable.parse("size=1_000L,2_000L");  // long (an L suffix or a value beyond int)
 * SweepVariable.parse("load=0.5,1e3");        // double
 * SweepVariable.parse("mode=fair,'un fair'"); // String, quoted or bare
 * }</pre>
 *
 * <p>Typing: a variable is {@code int} when every value is a whole number in int range without an
 * {@code L} suffix, {@code long} when every value is whole, {@code double} when every value is a
 * number, and {@code String} otherwise (then numbers keep their text). A quoted value
 * ({@code '...'} or {@code "..."}, may contain commas) is always a String. Underscores in numbers
 * are allowed as in Java. Ranges {@code A..B} (step 1), {@code A..B:S} (step S) and {@code A..B*M}
 * (times M) are inclusive and whole-numbered.
 *
 * <p>Thread-safety: an immutable value.
 *
 * @param name a Java identifier, bound to each value in the body
 * @param values at least one value, each an Integer, Long, Double or String (the same for all)
 */
public record SweepVariable(String name, List<Object> values) {
    /** More values than this in one variable is almost surely a typo in a range. */
    public static final int MAX_VALUES = 1000;

    private static final Pattern NAME = Pattern.compile("[A-Za-z_$][A-Za-z0-9_$]*");
    private static final Pattern WHOLE = Pattern.compile("[+-]?\\d(?:[\\d_]*\\d)?[lL]?");
    private static final Pattern RANGE = Pattern.compile(
            "([+-]?\\d(?:[\\d_]*\\d)?)\\.\\.([+-]?\\d(?:[\\d_]*\\d)?)(?:([:*])(\\d(?:[\\d_]*\\d)?))?");

    public SweepVariable {
        values = List.copyOf(values);
    }

    /** Parses {@code NAME=V1,V2,...}. @throws UsageException naming the token when malformed */
    public static SweepVariable parse(String token) {
        int eq = token.indexOf('=');
        String name = eq < 0 ? token : token.substring(0, eq).trim();
        if (eq < 0 || !NAME.matcher(name).matches()) {
            throw BenchOptions.usageError("'" + token + "' is not a sweep; write NAME=V1,V2,... with NAME a Java identifier");
        }
        String list = token.substring(eq + 1).trim();
        if (list.isEmpty()) {
            throw BenchOptions.usageError("The sweep '" + token + "' has no values");
        }
        List<String> raw = new ArrayList<>();
        List<Boolean> quoted = new ArrayList<>();
        split(token, list, raw, quoted);
        List<String> items = new ArrayList<>();
        boolean anyQuoted = quoted.contains(Boolean.TRUE);
        for (int i = 0; i < raw.size(); i++) {
            Matcher r = RANGE.matcher(raw.get(i));
            if (!quoted.get(i) && r.matches()) {
                expand(token, r, items);
            } else {
                items.add(raw.get(i));
            }
            if (items.size() > MAX_VALUES) {
                throw BenchOptions.usageError("The sweep '" + token + "' has more than " + MAX_VALUES + " values");
            }
        }
        return new SweepVariable(name, anyQuoted ? List.copyOf(items) : type(items));
    }

    /** The Java type name the body sees: {@code int}, {@code long}, {@code double} or {@code String}. */
    public String javaType() {
        Object v = values.get(0);
        return v instanceof Integer ? "int" : v instanceof Long ? "long" : v instanceof Double ? "double" : "String";
    }

    /** {@code name=v1,v2,...} as it could be typed. */
    @Override
    public String toString() {
        StringBuilder b = new StringBuilder(name).append('=');
        for (int i = 0; i < values.size(); i++) {
            b.append(i == 0 ? "" : ",").append(values.get(i));
        }
        return b.toString();
    }

    private static void split(String token, String list, List<String> raw, List<Boolean> quoted) {
        int i = 0;
        while (i <= list.length()) {
            int comma;
            String item;
            boolean q = false;
            char c = i < list.length() ? list.charAt(i) : ',';
            if (c == '\'' || c == '"') {
                int close = list.indexOf(c, i + 1);
                if (close < 0) {
                    throw BenchOptions.usageError("The sweep '" + token + "' has an unclosed quote");
                }
                item = list.substring(i + 1, close);
                q = true;
                comma = list.indexOf(',', close);
                if (!list.substring(close + 1, comma < 0 ? list.length() : comma).isBlank()) {
                    throw BenchOptions.usageError("The sweep '" + token + "' has text after a closing quote");
                }
            } else {
                comma = list.indexOf(',', i);
                item = list.substring(i, comma < 0 ? list.length() : comma).trim();
                if (item.isEmpty()) {
                    throw BenchOptions.usageError("The sweep '" + token + "' has an empty value");
                }
            }
            raw.add(item);
            quoted.add(q);
            if (comma < 0) {
                break;
            }
            i = comma + 1;
            while (i < list.length() && list.charAt(i) == ' ') {
                i++;
            }
        }
    }

    private static void expand(String token, Matcher r, List<String> out) {
        long from = whole(r.group(1));
        long to = whole(r.group(2));
        long by = r.group(4) == null ? 1 : whole(r.group(4));
        boolean times = "*".equals(r.group(3));
        if (to < from || (times ? by < 2 || from < 1 : by < 1)) {
            throw BenchOptions.usageError("The range '" + r.group() + "' in '" + token + "' is empty or never ends");
        }
        for (long v = from; v <= to && out.size() <= MAX_VALUES; v = times ? v * by : v + by) {
            out.add(Long.toString(v));
        }
    }

    private static List<Object> type(List<String> items) {
        boolean allWhole = true;
        boolean needLong = false;
        for (String s : items) {
            if (!WHOLE.matcher(s).matches()) {
                allWhole = false;
                break;
            }
            try {
                long v = whole(s);
                needLong |= s.endsWith("L") || s.endsWith("l") || v != (int) v;
            } catch (NumberFormatException e) {
                allWhole = false;   // beyond long: treat as double or text
                break;
            }
        }
        List<Object> out = new ArrayList<>(items.size());
        if (allWhole) {
            for (String s : items) {
                long v = whole(s);
                out.add(needLong ? (Object) v : (Object) (int) v);
            }
            return out;
        }
        try {
            for (String s : items) {
                if (!s.matches("[+-]?[\\d_.]+(?:[eE][+-]?\\d+)?")) {
                    throw new NumberFormatException(s);
                }
                out.add(Double.parseDouble(s.replace("_", "")));
            }
            return out;
        } catch (NumberFormatException e) {
            return List.copyOf(items);
        }
    }

    private static long whole(String s) {
        String t = s.replace("_", "");
        if (t.endsWith("L") || t.endsWith("l")) {
            t = t.substring(0, t.length() - 1);
        }
        return Long.parseLong(t);
    }
}
