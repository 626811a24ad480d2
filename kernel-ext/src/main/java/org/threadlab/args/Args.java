package org.threadlab.args;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The arguments of a magic or a command, parsed against what it declares: {@code --flag VALUE}
 * or {@code --flag=VALUE} for flags that take a value, {@code --switch}, and words (arguments
 * that are not flags). Anything undeclared, a missing value or a bad one is a
 * {@link UsageException}: one sentence naming the argument, then the usage.
 *
 * <pre>{@code
 * Args a = Args.parser("%%threads", USAGE).values("--timeout", "--csv").switches("--svg").parse(args);
 * if (a.help()) return HELP;
 * double seconds = a.decimal("--timeout", 600, 0.1, 86_400);
 * boolean svg = a.has("--svg");
 * }</pre>
 *
 * <p>{@code --help} or {@code -h} anywhere asks for help: nothing else is checked then. A flag's
 * value is the next argument unless that starts with {@code --}, so {@code --warmup -1} reaches
 * the range check. A flag given twice keeps its last value ({@link #all} has every one).
 *
 * <p>Thread-safety: {@link Parser} and {@code Args} are immutable.
 */
public final class Args {
    private final Parser parser;
    private final boolean help;
    private final Map<String, List<String>> values;
    private final Set<String> switches;
    private final List<String> words;
    private final Map<String, String> otherFlags;

    private Args(Parser parser, boolean help, Map<String, List<String>> values, Set<String> switches, List<String> words,
            Map<String, String> otherFlags) {
        this.parser = parser;
        this.help = help;
        this.values = values;
        this.switches = switches;
        this.words = List.copyOf(words);
        this.otherFlags = otherFlags;
    }

    /** What {@code command} accepts, to be declared on the parser; {@code usage} ends every error. */
    public static Parser parser(String command, String usage) {
        return new Parser(command, usage, Set.of(), Set.of(), false, false);
    }

    /** The flags, switches and words a command accepts. Immutable: each method returns a new parser. */
    public static final class Parser {
        private final String command;
        private final String usage;
        private final Set<String> valued;
        private final Set<String> switches;
        private final boolean words;
        private final boolean otherFlags;

        private Parser(String command, String usage, Set<String> valued, Set<String> switches, boolean words,
                boolean otherFlags) {
            this.command = command;
            this.usage = usage;
            this.valued = valued;
            this.switches = switches;
            this.words = words;
            this.otherFlags = otherFlags;
        }

        /** Flags that take a value. */
        public Parser values(String... flags) {
            return new Parser(command, usage, union(valued, flags), switches, words, otherFlags);
        }

        /** Flags that take none. */
        public Parser switches(String... flags) {
            return new Parser(command, usage, valued, union(switches, flags), words, otherFlags);
        }

        /** Arguments that are not flags are kept in {@link Args#words()} rather than rejected. */
        public Parser words() {
            return new Parser(command, usage, valued, switches, true, otherFlags);
        }

        /**
         * Undeclared {@code --NAME VALUE} (or {@code --NAME=VALUE}, or {@code --NAME} alone for
         * "true") are kept in {@link Args#otherFlags()} rather than rejected.
         */
        public Parser otherFlags() {
            return new Parser(command, usage, valued, switches, words, true);
        }

        /** The usage line errors end with. */
        public String usage() {
            return usage;
        }

        public Args parse(String... tokens) {
            return parse(Arrays.asList(tokens));
        }

        /** @throws UsageException naming the first argument that does not fit */
        public Args parse(List<String> tokens) {
            if (tokens.contains("--help") || tokens.contains("-h")) {
                return new Args(this, true, Map.of(), Set.of(), List.of(), Map.of());
            }
            Map<String, List<String>> values = new LinkedHashMap<>();
            Set<String> seen = new HashSet<>();
            List<String> plain = new ArrayList<>();
            Map<String, String> others = new LinkedHashMap<>();
            for (int i = 0; i < tokens.size(); i++) {
                String t = tokens.get(i);
                if (t.startsWith("--") && t.length() > 2) {
                    int eq = t.indexOf('=');
                    String name = eq > 0 ? t.substring(0, eq) : t;
                    String inline = eq > 0 ? t.substring(eq + 1) : null;
                    boolean nextIsValue = i + 1 < tokens.size() && !tokens.get(i + 1).startsWith("--");
                    if (valued.contains(name)) {
                        if (inline == null && !nextIsValue) {
                            throw new UsageException(name + " needs a value", usage);
                        }
                        values.computeIfAbsent(name, k -> new ArrayList<>()).add(inline != null ? inline : tokens.get(++i));
                    } else if (switches.contains(name)) {
                        if (inline != null) {
                            throw new UsageException(name + " takes no value, but got '" + inline + "'", usage);
                        }
                        seen.add(name);
                    } else if (otherFlags) {
                        others.put(name.substring(2), inline != null ? inline : nextIsValue ? tokens.get(++i) : "true");
                    } else {
                        throw unknown(t);
                    }
                } else if (t.isBlank()) {
                    continue; // an empty quoted argument in a word's place says nothing
                } else if (!words || (t.startsWith("-") && !isNumber(t))) {
                    throw unknown(t);
                } else {
                    plain.add(t);
                }
            }
            return new Args(this, false, values, seen, plain, others);
        }

        private UsageException unknown(String token) {
            return new UsageException(command + " does not know the argument '" + token + "'", usage);
        }

        private static Set<String> union(Set<String> a, String[] b) {
            Set<String> s = new HashSet<>(a);
            s.addAll(Arrays.asList(b));
            return Set.copyOf(s);
        }
    }

    /** {@code --help} or {@code -h} was given. */
    public boolean help() {
        return help;
    }

    /** Whether {@code flag} was given (a switch, or a flag with its value). */
    public boolean has(String flag) {
        return switches.contains(flag) || values.containsKey(flag);
    }

    /** The value of {@code flag} (the last one, if given twice), or null. */
    public String text(String flag) {
        List<String> v = values.get(flag);
        return v == null ? null : v.get(v.size() - 1);
    }

    /** Every value of a flag that may be given several times, in order. */
    public List<String> all(String flag) {
        return List.copyOf(values.getOrDefault(flag, List.of()));
    }

    /** The arguments that are not flags, in order (only with {@link Parser#words()}). */
    public List<String> words() {
        return words;
    }

    /** Undeclared {@code --NAME VALUE} by NAME, in order (only with {@link Parser#otherFlags()}). */
    public Map<String, String> otherFlags() {
        return otherFlags;
    }

    /** A number from {@code min} to {@code max}, or {@code dflt} when the flag is absent. */
    public double decimal(String flag, double dflt, double min, double max) {
        return text(flag) == null ? dflt : number(flag, min, max, false);
    }

    /** A whole number from {@code min} to {@code max} ({@code Integer.MAX_VALUE}: no upper bound), or {@code dflt}. */
    public int integer(String flag, int dflt, int min, int max) {
        return text(flag) == null ? dflt : (int) number(flag, min, max, true);
    }

    private double number(String flag, double min, double max, boolean whole) {
        String v = text(flag);
        double d = number(v);
        if (!(d >= min && d <= max) || (whole && d != Math.rint(d))) {
            String range = whole && max == Integer.MAX_VALUE ? "of at least " + plain(min) : "from " + plain(min) + " to " + plain(max);
            throw error(flag + " must be a " + (whole ? "whole " : "") + "number " + range + ", not '" + v + "'");
        }
        return d;
    }

    /** {@code WIDTHxHEIGHT} in pixels (width 200–10000, height 150–10000 or 0 to fit), or the defaults. */
    public int[] size(String flag, int width, int height) {
        String v = text(flag);
        if (v == null) {
            return new int[] {width, height};
        }
        String[] parts = v.toLowerCase(Locale.ROOT).split("x");
        if (parts.length == 2) {
            double w = number(parts[0].strip());
            double h = number(parts[1].strip());
            if (w == Math.rint(w) && h == Math.rint(h) && w >= 200 && w <= 10_000 && (h == 0 || (h >= 150 && h <= 10_000))) {
                return new int[] {(int) w, (int) h};
            }
        }
        throw error(flag + " must be WIDTHxHEIGHT in pixels (width 200-10000, height 150-10000 or 0 to fit), not '" + v + "'");
    }

    /** A file name, or null when the flag is absent. */
    public Path path(String flag) {
        String v = text(flag);
        try {
            return v == null ? null : Path.of(v);
        } catch (InvalidPathException e) {
            throw error(flag + " cannot use '" + v + "' as a file name");
        }
    }

    /** A Java variable name to bind a result to (as {@code --out NAME}), or null when the flag is absent. */
    public String javaName(String flag) {
        String v = text(flag);
        if (v == null) {
            return null;
        }
        if (v.isEmpty() || !Character.isJavaIdentifierStart(v.charAt(0)) || !v.chars().allMatch(Character::isJavaIdentifierPart)
                || javax.lang.model.SourceVersion.isKeyword(v)) {
            throw error(flag + " needs a Java variable name, not '" + v + "'");
        }
        return v;
    }

    /** A usage error of this command: {@code problem}, then its usage. */
    public UsageException error(String problem) {
        return new UsageException(problem, parser.usage);
    }

    private static boolean isNumber(String s) {
        return !Double.isNaN(number(s));
    }

    /** The number written, with {@code _} separators allowed; NaN when it is none. */
    private static double number(String s) {
        try {
            return Double.parseDouble(s.replace("_", ""));
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    private static String plain(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? String.valueOf((long) d) : String.valueOf(d);
    }
}
