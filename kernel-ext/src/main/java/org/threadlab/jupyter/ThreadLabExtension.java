package org.threadlab.jupyter;

import org.dflib.jjava.jupyter.Extension;
import org.dflib.jjava.jupyter.kernel.BaseKernel;
import org.dflib.jjava.jupyter.kernel.magic.MagicsRegistry;
import org.threadlab.server.LatencyServer;

/**
 * Loads ThreadLab into a JJava-based kernel: registers the magics. Found through
 * {@code META-INF/services/org.dflib.jjava.jupyter.Extension}, so putting the jar on the
 * kernel's classpath (or adding it with {@code %jars}) is the whole installation.
 *
 * <p>This class and {@link JJavaKernel} are the only ThreadLab code that touches jjava-jupyter;
 * the magics see the kernel through {@link Kernel}, and everything they call is plain Java.
 */
public final class ThreadLabExtension implements Extension {
    /** {@code -Dthreadlab.chartWarmUp=false}: kernels that draw no charts (the grader's) skip the chart warm-up. */
    public static final String CHART_WARM_UP_PROPERTY = ThreadLabMagics.CHART_WARM_UP_PROPERTY;

    @Override
    public void install(BaseKernel kernel) {
        MagicsRegistry magics = kernel.getMagicsRegistry();
        ThreadLabMagics.install(new JJavaKernel(kernel), new ThreadLabMagics.Registry() {
            @Override
            public void lineMagic(String name, LineMagic magic) {
                magics.registerLineMagic(name, (org.dflib.jjava.jupyter.kernel.magic.LineMagic<Object, BaseKernel>)
                        (k, args) -> JJavaKernel.shown(magic.eval(new JJavaKernel(k), args)));
            }

            @Override
            public void cellMagic(String name, CellMagic magic) {
                magics.registerCellMagic(name, (org.dflib.jjava.jupyter.kernel.magic.CellMagic<Object, BaseKernel>)
                        (k, args, body) -> JJavaKernel.shown(magic.eval(new JJavaKernel(k), args, body)));
            }
        });
    }

    @Override
    public void uninstall(BaseKernel kernel) {
        LatencyServer.stopShared();
    }
}
