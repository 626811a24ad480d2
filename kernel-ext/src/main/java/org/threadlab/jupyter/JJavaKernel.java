package org.threadlab.jupyter;

import java.util.Map;
import org.dflib.jjava.jupyter.kernel.BaseKernel;

/**
 * A jjava-jupyter kernel (ThreadLab's own, or a stock JJava) as the magics see it.
 *
 * <p>Thread-safety: as the wrapped kernel's.
 */
final class JJavaKernel implements Kernel {
    private final BaseKernel kernel;

    JJavaKernel(BaseKernel kernel) {
        this.kernel = kernel;
    }

    @Override
    public Object evalRaw(String code) {
        return kernel.evalRaw(code);
    }

    @Override
    public void display(DisplayData data) {
        kernel.display(toJJava(data));
    }

    @Override
    public void updateDisplay(DisplayData data) {
        if (kernel.getIO().display.isAttached()) {
            kernel.getIO().display.updateDisplay(toJJava(data));
        }
    }

    @Override
    public void interrupt() {
        kernel.interrupt();
    }

    @Override
    public void afterStartup(Runnable work) {
        if (kernel instanceof StartsInBackground k) {
            k.afterStartup(work);
        } else {
            work.run();
        }
    }

    @Override
    public String getName() {
        return kernel.getName();
    }

    @Override
    public String getVersion() {
        return kernel.getVersion();
    }

    /** What a magic returned, as the kernel shows it: a bundle converted, anything else as is (the kernel renders it). */
    static Object shown(Object value) {
        return value instanceof DisplayData d ? toJJava(d) : value;
    }

    static org.dflib.jjava.jupyter.kernel.display.DisplayData toJJava(DisplayData data) {
        var out = new org.dflib.jjava.jupyter.kernel.display.DisplayData();
        data.data().forEach(out::putData);
        data.metadata().forEach(out::putMetaData);
        for (Map.Entry<String, Object> e : data.transientData().entrySet()) {
            out.putTransientData(e.getKey(), e.getValue());
        }
        return out;
    }
}
