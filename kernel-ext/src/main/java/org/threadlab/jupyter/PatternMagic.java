package org.threadlab.jupyter;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.threadlab.args.Args;
import org.threadlab.args.UsageException;
import org.threadlab.chart.ThreadChart;
import org.threadlab.patterns.Option;
import org.threadlab.patterns.Pattern;
import org.threadlab.patterns.PatternSource;
import org.threadlab.patterns.Variant;
import org.threadlab.server.LatencyServer;

/**
 * {@code %pattern NAME [--variant V] [--OPTION VALUE ...]}: runs one of the source's patterns
 * under the recorder and shows its lanes and its result. {@code %pattern} alone lists them;
 * {@code --source} shows the Java code instead of running it.
 *
 * <p>The pattern runs as cell code (in the cell's thread), so Kernel → Interrupt reaches the
 * threads it starts, and what they print lands in this cell.
 */
final class PatternMagic implements LineMagic {
    static final MagicSpec SPEC = new MagicSpec("pattern", false,
            "run a pattern of the source material under the recorder; alone, list them; --source shows the code",
            "%pattern split-sum --variant executor --threads 4");
    static final String USAGE = "%pattern [NAME [--variant V] [--source] [--svg] [--timeout SECONDS] [--lanes N] "
            + "[--OPTION VALUE ...]] [--help]";
    /** A variant's own options ({@code --threads 4}) are the flags this parser does not declare. */
    private static final Args.Parser PARSER = Args.parser("%pattern", USAGE).values("--variant", "--timeout", "--lanes")
            .switches("--source", "--svg").otherFlags().words();

    @Override
    public Object eval(Kernel kernel, List<String> args) throws Exception {
        if (args.isEmpty()) {
            return catalog();
        }
        if (args.get(0).startsWith("-")) {
            if (args.get(0).equals("--help") || args.get(0).equals("-h")) {
                return help();
            }
            throw new UsageException("%pattern wants a pattern name first, not '" + args.get(0) + "'; %pattern alone lists them.", USAGE);
        }
        Pattern pattern = named(args.get(0));
        Args a = PARSER.parse(args.subList(1, args.size()));
        if (a.help()) {
            return describe(pattern);
        }
        if (!a.words().isEmpty()) {
            throw a.error("Unexpected argument '" + a.words().get(0) + "'; pattern options are written --NAME VALUE.");
        }
        String variantName = a.text("--variant");
        Variant variant = variantName == null ? pattern.defaultVariant() : variant(pattern, variantName);
        if (a.has("--source")) {
            return source(pattern, variantName == null ? null : variant);
        }
        Map<String, String> options = a.otherFlags();
        try {
            variant.resolve(pattern.id(), options);
        } catch (IllegalArgumentException e) {
            throw a.error(e.getMessage());
        }
        double timeout = a.decimal("--timeout", 300, 0.1, 86_400);
        int lanes = a.integer("--lanes", 64, 1, 10_000);
        boolean svg = a.has("--svg");

        String title = "%pattern " + pattern.id() + " --variant " + variant.name()
                + options.entrySet().stream().map(e -> " --" + e.getKey() + " " + e.getValue()).collect(Collectors.joining());
        if (pattern == Pattern.FIRST_RESPONSE) {
            // started before the recording, so the server's own threads are not drawn as the pattern's
            LatencyServer.shared();
        }
        ThreadChart chart = new ThreadChart(ThreadChart.Options.defaults().withTitle(title).withMaxLanes(lanes));
        Object result = RecordingDisplay.recordCell(kernel, "%pattern", title, call(pattern, variant, options), timeout,
                chart, svg, recording -> { });
        return result == null ? null : new DisplayData(abbreviate(String.valueOf(result)));
    }

    /** A result's text, cut to a screenful: a 10,000-thread result lists every thread. */
    static String abbreviate(String text) {
        int max = 2_000;
        return text.length() <= max ? text
                : text.substring(0, max) + " … (" + (text.length() - max) + " more characters; call the pattern's class from Java for the whole result)";
    }

    /** The Java expression that runs the variant, evaluated as cell code. */
    static String call(Pattern pattern, Variant variant, Map<String, String> options) {
        String entries = options.entrySet().stream()
                .map(e -> "java.util.Map.entry(" + quote(e.getKey()) + ", " + quote(e.getValue()) + ")")
                .collect(Collectors.joining(", "));
        return Pattern.class.getName() + ".named(" + quote(pattern.id()) + ").run(" + quote(variant.name())
                + ", java.util.Map.ofEntries(" + entries + "))";
    }

    static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                default -> b.append(c < 0x20 ? String.format("\\u%04x", (int) c) : String.valueOf(c));
            }
        }
        return b.append('"').toString();
    }

    private static Pattern named(String name) {
        try {
            return Pattern.named(name);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage(), USAGE);
        }
    }

    private static Variant variant(Pattern pattern, String name) {
        try {
            return pattern.variant(name);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage(), USAGE);
        }
    }

    private static String catalog() {
        StringBuilder sb = new StringBuilder("Patterns of the source, in its order (%pattern NAME --help for variants and options):\n");
        for (Pattern p : Pattern.values()) {
            sb.append(String.format("  %-15s %s%n", p.id(), p.summary()));
        }
        return sb.append("\nUsage: ").append(USAGE).toString();
    }

    private static String help() {
        return """
                Usage: %s

                Runs a pattern of the source material (How can I use threading in Python?, ported to Java)
                under the %%%%threads recorder and shows its lanes, then its result. %%pattern alone lists them.

                  NAME               a pattern: %s
                  --variant V        which variant (default: the first; %%pattern NAME --help lists them)
                  --OPTION VALUE     a variant's option, e.g. --threads 4 (see %%pattern NAME --help)
                  --source           show the Java source (of the variant, with --variant) instead of running
                  --svg              add an SVG of the chart
                  --timeout SECONDS  stop after this long and show what was recorded (default 300)
                  --lanes N          draw at most N lanes; above that, state counts over time (default 64)
                  --help             this help
                """.formatted(USAGE, java.util.Arrays.stream(Pattern.values()).map(Pattern::id).collect(Collectors.joining(", ")));
    }

    private static String describe(Pattern p) {
        StringBuilder sb = new StringBuilder("%pattern " + p.id() + ": " + p.summary() + "\n");
        for (Variant v : p.variants()) {
            sb.append("\n  --variant ").append(v.name()).append(v == p.defaultVariant() ? " (default)" : "")
                    .append("\n      ").append(v.summary()).append('\n');
            for (Option o : v.options()) {
                sb.append(String.format("      --%-14s %s (default %s)%n", o.name(), o.help(), o.defaultValue()));
            }
        }
        return sb.append("\nSource: %pattern ").append(p.id()).append(" --source [--variant V]").toString();
    }

    private static DisplayData source(Pattern pattern, Variant variant) {
        String code = variant == null ? pattern.source() : PatternSource.method(pattern.sourceClass(), variant.method());
        DisplayData data = new DisplayData(code);
        data.putMarkdown("```java\n" + code.stripTrailing() + "\n```");
        return data;
    }
}
