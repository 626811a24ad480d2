package org.threadlab.jupyter;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CancellationException;
import org.threadlab.ThreadLab;
import org.threadlab.args.UsageException;
import org.threadlab.bench.BenchBody;
import org.threadlab.bench.BenchOptions;
import org.threadlab.bench.BenchResult;
import org.threadlab.bench.BenchRunner;
import org.threadlab.bench.SweepVariable;
import org.threadlab.chart.BenchChart;

/**
 * {@code %%bench threads=1,2,4 --repeat 5}: times the cell body at every point of a sweep, with
 * a live progress line, then shows the timing and speedup chart and, as the cell's result, the
 * table (HTML and text). Interrupted, it shows both for the runs completed, then the error.
 *
 * <p>The body is compiled once, as a lambda taking the swept values, and the runner calls it
 * directly, so a run costs the body's time plus a few microseconds, not a JShell compile.
 */
final class BenchMagic implements CellMagic {
    static final MagicSpec SPEC = new MagicSpec("bench", true,
            "time the cell over a sweep (e.g. thread counts): chart with spread, speedup, Amdahl fit",
            "%%bench threads=1,2,4 --repeat 5\nSplitSum.sum(0, 400_000_000L, threads);");

    @Override
    public DisplayData eval(Kernel kernel, List<String> args, String body) throws Exception {
        BenchOptions options = BenchOptions.parse(args);
        if (options.help()) {
            return new DisplayData(BenchOptions.usage());
        }
        if (body.isBlank()) {
            throw new UsageException("%%bench needs a cell body to time, below the %%bench line.", BenchOptions.USAGE_LINE);
        }
        BenchBody compiled = compile(kernel, options, body);
        ProgressLine progress = new ProgressLine(kernel);
        BenchRunner runner = new BenchRunner(step -> progress.update("%%bench " + step.line()));
        BenchResult result = runner.run(options, stoppable(compiled, runner));
        if (result.cancelled()) {
            Thread.interrupted(); // the runner keeps the interrupt that cancelled it; it ends here
        }
        progress.finish("%%bench " + (result.cancelled() ? "interrupted: partial result below" : "done") + " — " + result);
        ThreadLab.rememberBench(result);
        OutVariable.bind(kernel, options.out(), "org.threadlab.ThreadLab.lastBench()");
        if (options.csv() != null) {
            try {
                result.writeCsv(options.csv());
            } catch (IOException e) {
                throw new IllegalStateException("--csv could not write " + options.csv() + ": " + e.getMessage(), e);
            }
        }
        kernel.display(DisplayBundle.chart("Chart: " + result.title() + " (time per run: median and interquartile range"
                        + (result.threadVariable() == null ? "" : "; speedup and efficiency against the ideal line") + ")",
                BenchChart.png(result), BenchChart.DEFAULT_WIDTH, BenchChart.DEFAULT_HEIGHT,
                options.svg() ? BenchChart.svg(result) : null));
        DisplayData table = DisplayBundle.table(result.table(), result.tableHtml());
        if (result.cancelled()) {
            kernel.display(table);
            throw new CancellationException("%%bench was interrupted; the runs so far are above and in ThreadLab.lastBench().");
        }
        return table;
    }

    /** Compiles {@code (Map p) -> { int threads = (int) p.get("threads"); BODY }} in the notebook. */
    private static BenchBody compile(Kernel kernel, BenchOptions options, String body) {
        StringBuilder src = new StringBuilder("(" + BenchBody.class.getName() + ") ($bench) -> {\n");
        for (SweepVariable v : options.sweep().variables()) {
            String type = v.javaType();
            String boxed = switch (type) {
                case "int" -> "Integer";
                case "long" -> "Long";
                case "double" -> "Double";
                default -> "String";
            };
            src.append(type).append(' ').append(v.name()).append(" = (").append(boxed).append(") $bench.get(\"")
                    .append(v.name()).append("\");\n");
        }
        String head = src.toString();
        Object value;
        try {
            value = kernel.evalRaw(head + body.stripTrailing() + "\n}");
        } catch (RuntimeException missingSemicolon) {
            // a body ending in an expression without ';' (as a cell may): try once more with one
            try {
                value = kernel.evalRaw(head + body.stripTrailing() + ";\n}");
            } catch (RuntimeException stillWrong) {
                throw missingSemicolon;
            }
        }
        if (!(value instanceof BenchBody b)) {
            throw new IllegalStateException("%%bench could not compile the cell body into a benchmark.");
        }
        return b;
    }

    /** Turns a kernel stop (JShell's woven ThreadDeath) into a cancellation that keeps the runs so far. */
    private static BenchBody stoppable(BenchBody body, BenchRunner runner) {
        return binding -> {
            try {
                body.run(binding);
            } catch (Error e) {
                if (e.getClass().getName().equals("java.lang.ThreadDeath")) { // JShell's woven stop check
                    runner.cancel();
                    throw new InterruptedException("interrupted");
                }
                throw e;
            }
        };
    }
}
