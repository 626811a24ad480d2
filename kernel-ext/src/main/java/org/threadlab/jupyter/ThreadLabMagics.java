package org.threadlab.jupyter;

import java.util.ArrayList;
import java.util.List;
import org.threadlab.chart.ThreadChart;
import org.threadlab.record.Recorder;

/**
 * Loads ThreadLab into a kernel, whichever it is: registers every magic through the kernel
 * adapter's {@link Registry}, warms up the recorder and charts, and imports the names notebooks
 * use most. {@link ThreadLabExtension} calls it for jjava-jupyter kernels, the IJava bridge for IJava.
 *
 * <pre>{@code
 * ThreadLabMagics.install(kernel, new ThreadLabMagics.Registry() { ... });
 * }</pre>
 */
public final class ThreadLabMagics {
    /** {@code -Dthreadlab.chartWarmUp=false}: kernels that draw no charts (the grader's) skip {@link ThreadChart#warmUp()}. */
    public static final String CHART_WARM_UP_PROPERTY = "threadlab.chartWarmUp";

    /** How a kernel registers a magic under its name (without {@code %}). */
    public interface Registry {
        void lineMagic(String name, LineMagic magic);

        void cellMagic(String name, CellMagic magic);
    }

    private ThreadLabMagics() {
    }

    public static void install(Kernel kernel, Registry registry) {
        List<MagicSpec> specs = new ArrayList<>();
        registry.lineMagic(HelpMagic.SPEC.name(), new HelpMagic(specs));
        registry.cellMagic(ThreadsMagic.SPEC.name(), new ThreadsMagic());
        registry.cellMagic(BenchMagic.SPEC.name(), new BenchMagic());
        registry.lineMagic(PatternMagic.SPEC.name(), new PatternMagic());
        registry.cellMagic(JUnitMagic.SPEC.name(), new JUnitMagic());
        registry.lineMagic(UrlServerMagic.SPEC.name(), new UrlServerMagic());
        specs.addAll(List.of(HelpMagic.SPEC, ThreadsMagic.SPEC, BenchMagic.SPEC, PatternMagic.SPEC, JUnitMagic.SPEC,
                UrlServerMagic.SPEC));
        // the first recording and the first chart in a JVM are slow: pay for them before the first
        // %%threads cell, on threads of their own, once the kernel has started
        kernel.afterStartup(() -> {
            Recorder.warmUp();
            if (!"false".equals(System.getProperty(CHART_WARM_UP_PROPERTY))) {
                ThreadChart.warmUp();
            }
        });
        // the names notebooks use most, without package prefixes (not patterns.*: its Pattern would
        // clash with java.util.regex.Pattern)
        kernel.evalRaw(String.join("\n",
                "import org.threadlab.ThreadLab;",
                "import org.threadlab.bench.BenchResult;",
                "import org.threadlab.record.Recording;",
                "import org.threadlab.server.LatencyServer;",
                "import org.threadlab.patterns.SplitSum;",
                "import org.threadlab.patterns.SplitSumVariants;",
                "import org.threadlab.patterns.FirstResponse;",
                "import org.threadlab.patterns.Sleepers;",
                "import org.threadlab.patterns.WorkerQueue;",
                "import org.threadlab.patterns.Processes;",
                // %%junit cells: JUnit Jupiter's API, its assertions, and the concurrency assertions
                "import org.junit.jupiter.api.*;",
                "import static org.junit.jupiter.api.Assertions.*;",
                "import org.threadlab.grade.Points;",
                "import static org.threadlab.grade.Concurrency.*;"));
    }
}
