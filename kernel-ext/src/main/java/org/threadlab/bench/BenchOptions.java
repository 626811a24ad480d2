package org.threadlab.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.threadlab.args.Args;
import org.threadlab.args.UsageException;

/**
 * The arguments of {@code %%bench}, parsed from the tokens the magic receives.
 *
 * <pre>{@code
 * BenchOptions o = BenchOptions.parse(List.of("threads=1,2,4,8", "--repeat", "5", "--warmup=1", "--csv", "out.csv"));
 * o.sweep().points().size();   // 4
 * if (o.help()) show(BenchOptions.usage());
 * }</pre>
 *
 * <p>Flags take their value as the next token or after {@code =} ({@link Args}). Every other
 * token is a sweep, {@code NAME=V1,V2,...} (see {@link SweepVariable}); several make a grid (see
 * {@link Sweep}). Bad input throws {@link UsageException} with one sentence naming the flag or
 * value, then {@link #USAGE_LINE}.
 *
 * <p>Thread-safety: an immutable value.
 *
 * @param sweep the points to visit; {@code null} only when {@code help} is set
 * @param repeat counted runs per point, at least 1
 * @param warmup uncounted runs per point before the counted ones, at least 0
 * @param csv where to write every counted run, or {@code null}
 * @param svg also render the chart as SVG
 * @param title chart and table title, or {@code null} for one made from the sweep
 * @param out the notebook variable to bind the result to, or {@code null}
 * @param help {@code --help} was given: show {@link #usage()} and run nothing
 */
public record BenchOptions(Sweep sweep, int repeat, int warmup, Path csv, boolean svg, String title, String out,
                           boolean help) {
    public static final int DEFAULT_REPEAT = 5;
    public static final int DEFAULT_WARMUP = 1;
    /** The one-line usage every {@link UsageException} ends with. */
    public static final String USAGE_LINE = "%%bench NAME=V1,V2,... [NAME=...] [--repeat N] [--warmup N] "
            + "[--csv FILE] [--svg] [--title TEXT] [--x NAME] [--out NAME] [--help]";
    private static final Args.Parser PARSER = Args.parser("%%bench", USAGE_LINE)
            .values("--repeat", "--warmup", "--csv", "--title", "--x", "--out").switches("--svg").words();

    /** Parses the magic's argument tokens. @throws UsageException on bad input */
    public static BenchOptions parse(List<String> tokens) {
        Args a = PARSER.parse(tokens);
        if (a.help()) {
            return new BenchOptions(null, DEFAULT_REPEAT, DEFAULT_WARMUP, null, false, null, null, true);
        }
        List<SweepVariable> vars = new ArrayList<>();
        for (String w : a.words()) {
            vars.add(SweepVariable.parse(w));
        }
        return new BenchOptions(Sweep.of(vars, a.text("--x")), a.integer("--repeat", DEFAULT_REPEAT, 1, Integer.MAX_VALUE),
                a.integer("--warmup", DEFAULT_WARMUP, 0, Integer.MAX_VALUE), a.path("--csv"), a.has("--svg"),
                a.text("--title"), a.javaName("--out"), false);
    }

    /** A bad {@code %%bench} argument: {@code problem}, then {@link #USAGE_LINE}. */
    static UsageException usageError(String problem) {
        return new UsageException(problem, USAGE_LINE);
    }

    /** Convenience for {@link #parse(List)}. */
    public static BenchOptions parse(String... tokens) {
        return parse(Arrays.asList(tokens));
    }

    /** The {@code --help} text: usage, every option with one line, and how results are computed. */
    public static String usage() {
        return """
                Usage: %s

                Times the cell body at every point of a parameter sweep. The body sees each swept
                variable as a local of its type (int, long, double or String).

                  NAME=V1,V2,...   values to sweep; ranges A..B, A..B:STEP, A..B*FACTOR; quote strings
                                   with '...' or "..."; several NAME=... make a grid (every combination)
                  --repeat N       counted runs per point (default %d)
                  --warmup N       uncounted runs per point before them, for the JIT (default %d)
                  --csv FILE       write every counted run to FILE, header param,value,run,ms
                  --svg            also render the chart as SVG
                  --title TEXT     title for the chart and table
                  --x NAME         NAME is the thread count (automatic for threads, nthreads,
                                   n_threads, workers): adds speedup, efficiency and an Amdahl fit
                  --out NAME       also bind the BenchResult to the notebook variable NAME
                                   (it is always available as ThreadLab.lastBench())
                  --help, -h       show this help

                Times are wall-clock (System.nanoTime) per run, reported as median and interquartile
                range (q1-q3). A point is flagged unreliable when its slowest run took more than %.0fx
                its fastest (as in %%timeit) or its IQR exceeds %.0f%% of its median. Speedup is against
                the smallest thread count; the Amdahl fit is least squares on the median times, made
                only from three or more thread counts up to the core count (two points fit exactly).
                Example: %%%%bench threads=1,2,4,8 --repeat 5 --warmup 1
                """.formatted(USAGE_LINE, DEFAULT_REPEAT, DEFAULT_WARMUP, BenchPoint.UNRELIABLE_RATIO,
                BenchPoint.UNRELIABLE_IQR * 100);
    }
}
