package org.threadlab.jupyter;

import java.util.ArrayList;
import java.util.List;
import org.dflib.jjava.jupyter.Extension;
import org.dflib.jjava.jupyter.kernel.BaseKernel;
import org.dflib.jjava.jupyter.kernel.magic.MagicsRegistry;
import org.threadlab.chart.ThreadChart;
import org.threadlab.record.Recorder;
import org.threadlab.server.LatencyServer;

/**
 * Loads ThreadLab into a JJava-based kernel: registers the magics. Found through
 * {@code META-INF/services/org.dflib.jjava.jupyter.Extension}, so putting the jar on the
 * kernel's classpath (or adding it with {@code %jars}) is the whole installation.
 *
 * <p>This package is the only ThreadLab code that touches the kernel API; everything it calls
 * is plain Java.
 */
public final class ThreadLabExtension implements Extension {
    /** {@code -Dthreadlab.chartWarmUp=false}: kernels that draw no charts (the grader's) skip {@link ThreadChart#warmUp()}. */
    public static final String CHART_WARM_UP_PROPERTY = "threadlab.chartWarmUp";

    @Override
    public void install(BaseKernel kernel) {
        List<MagicSpec> specs = new ArrayList<>();
        MagicsRegistry magics = kernel.getMagicsRegistry();
        magics.registerLineMagic(HelpMagic.SPEC.name(), new HelpMagic(specs));
        magics.registerCellMagic(ThreadsMagic.SPEC.name(), new ThreadsMagic());
        magics.registerCellMagic(BenchMagic.SPEC.name(), new BenchMagic());
        magics.registerLineMagic(PatternMagic.SPEC.name(), new PatternMagic());
        magics.registerCellMagic(JUnitMagic.SPEC.name(), new JUnitMagic());
        magics.registerLineMagic(UrlServerMagic.SPEC.name(), new UrlServerMagic());
        specs.addAll(List.of(HelpMagic.SPEC, ThreadsMagic.SPEC, BenchMagic.SPEC, PatternMagic.SPEC, JUnitMagic.SPEC,
                UrlServerMagic.SPEC));
        // the first recording and the first chart in a JVM are slow: pay for them now, off this thread
        Recorder.warmUp();
        if (!"false".equals(System.getProperty(CHART_WARM_UP_PROPERTY))) {
            ThreadChart.warmUp();
        }
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

    @Override
    public void uninstall(BaseKernel kernel) {
        LatencyServer.stopShared();
    }
}
