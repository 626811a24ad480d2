package org.threadlab.jupyter;

import java.util.ArrayList;
import java.util.List;
import org.dflib.jjava.jupyter.Extension;
import org.dflib.jjava.jupyter.kernel.BaseKernel;
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

    @Override
    public void install(BaseKernel kernel) {
        List<MagicSpec> specs = new ArrayList<>();
        specs.add(HelpMagic.SPEC);
        specs.add(BenchMagic.SPEC);
        kernel.getMagicsRegistry().registerLineMagic(HelpMagic.SPEC.name(), new HelpMagic(specs));
        kernel.getMagicsRegistry().registerCellMagic(BenchMagic.SPEC.name(), new BenchMagic());
        specs.add(JUnitMagic.SPEC);
        kernel.getMagicsRegistry().registerCellMagic(JUnitMagic.SPEC.name(), new JUnitMagic());
        specs.add(UrlServerMagic.SPEC);
        kernel.getMagicsRegistry().registerLineMagic(UrlServerMagic.SPEC.name(), new UrlServerMagic());
        // the names notebooks use most, without package prefixes
        kernel.evalRaw("import org.threadlab.ThreadLab;\nimport org.threadlab.patterns.*;\nimport org.threadlab.bench.BenchResult;\nimport org.threadlab.server.LatencyServer;\n"
                + "import org.junit.jupiter.api.*;\nimport static org.junit.jupiter.api.Assertions.*;\n"
                + "import org.threadlab.grade.Points;\nimport static org.threadlab.grade.Concurrency.*;");
    }

    @Override
    public void uninstall(BaseKernel kernel) {
        LatencyServer.stopShared();
    }
}
