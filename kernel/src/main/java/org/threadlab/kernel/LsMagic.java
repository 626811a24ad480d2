package org.threadlab.kernel;

import java.util.List;
import java.util.TreeSet;
import org.dflib.jjava.jupyter.kernel.BaseKernel;
import org.dflib.jjava.jupyter.kernel.magic.LineMagic;
import org.dflib.jjava.jupyter.kernel.magic.MagicsRegistry;
import org.threadlab.args.Args;

/** {@code %lsmagic}: every line and cell magic the kernel knows, its own and its extensions'. */
final class LsMagic implements LineMagic<String, BaseKernel> {
    static final String USAGE = "%lsmagic [--help]";

    @Override
    public String eval(BaseKernel kernel, List<String> args) {
        if (Args.parser("%lsmagic", USAGE).parse(args).help()) {
            return "Usage: " + USAGE + "\n\nLists every line and cell magic this kernel knows.";
        }
        MagicsRegistry magics = kernel.getMagicsRegistry();
        return "Line magics: %" + String.join("  %", new TreeSet<>(magics.getLineMagicNames()))
                + "\nCell magics: %%" + String.join("  %%", new TreeSet<>(magics.getCellMagicNames()));
    }
}
