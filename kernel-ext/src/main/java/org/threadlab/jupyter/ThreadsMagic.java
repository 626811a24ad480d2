package org.threadlab.jupyter;

import java.util.List;
import org.threadlab.args.Args;
import org.threadlab.chart.ThreadChart;

/**
 * {@code %%threads}: runs the cell, records every thread it starts, and shows a lane per thread
 * coloured by state and the busy cores under it (a PNG), then the summary (an HTML table, and text).
 *
 * <p>If the cell throws or times out, what was recorded up to then is shown first, then the
 * error. The recording stays available as {@code ThreadLab.lastRecording()}.
 */
final class ThreadsMagic implements CellMagic {
    static final MagicSpec SPEC = new MagicSpec("threads", true,
            "run the cell and draw what its threads did: state lanes, busy cores, summary",
            "%%threads\nThread t = new Thread(() -> sleep(100)); t.start(); t.join();");
    static final String USAGE = "%%threads [--timeout SECONDS] [--lanes N] [--size WxH] [--svg] [--title TEXT] "
            + "[--csv FILE] [--trace FILE] [--out NAME] [--help]";
    private static final String HELP = """
            Usage: %s

            Runs the cell and records every thread it starts (platform and virtual, and their
            descendants): a lane per thread coloured by state (running, runnable, blocked, waiting,
            sleeping, io, unknown where the recorder cannot tell), a strip of busy cores against the
            core count (the JVM's own CPU: JIT, GC, the kernel, the recorder; stacked on it in a lighter
            grey: why a thread could be runnable), then a summary table (threads, wall and CPU time,
            effective parallelism = CPU / wall, time blocked and waiting, a row per thread).

              --timeout SECONDS  stop the cell after this long and show what was recorded (default 600)
              --lanes N          draw at most N lanes; above that, state counts over time (default 64),
                                 and the summary says so
              --size WxH         chart size in display pixels, height 0 to fit the lanes (default 900x0);
                                 the PNG is drawn at twice that, for sharp text
              --svg              add an SVG of the chart to the output
              --title TEXT       chart title (default: the cell's first line)
              --csv FILE         write every interval: thread,state,start_ms,end_ms (ms from the cell's start)
              --trace FILE       write Chrome / Perfetto trace-event JSON (open in ui.perfetto.dev)
              --out NAME         bind the Recording to the notebook variable NAME
              --help             show this help

            The last recording is ThreadLab.lastRecording(): summary(), threads(), intervals(),
            toCsv(), toTraceJson(), summaryText(), summaryHtml().
            """;

    @Override
    public Object eval(Kernel kernel, List<String> args, String body) throws Exception {
        Args f = Args.parser("%%threads", USAGE).values("--timeout", "--lanes", "--size", "--title", "--csv", "--trace", "--out")
                .switches("--svg").parse(args);
        if (f.help()) {
            return HELP.formatted(USAGE);
        }
        double timeout = f.decimal("--timeout", 600, 0.1, 86_400);
        int lanes = f.integer("--lanes", 64, 1, 10_000);
        int[] size = f.size("--size", 900, 0);
        String out = f.javaName("--out");
        if (body.isBlank()) {
            throw f.error("%%threads needs code to run, below the %%threads line.");
        }
        String title = f.text("--title") != null ? f.text("--title") : "%%threads: " + firstLine(body);

        ThreadChart chart = new ThreadChart(ThreadChart.Options.defaults()
                .withSize(size[0], size[1]).withMaxLanes(lanes).withTitle(title));
        return RecordingDisplay.recordCell(kernel, "%%threads", title, body, timeout, chart, f.has("--svg"), recording -> {
            RecordingDisplay.export(recording, f.text("--csv"), f.text("--trace"));
            OutVariable.bind(kernel, out, "org.threadlab.ThreadLab.lastRecording()");
        });
    }

    static String firstLine(String body) {
        String line = body.strip().lines().findFirst().orElse("");
        return line.length() > 60 ? line.substring(0, 57) + "..." : line;
    }
}
