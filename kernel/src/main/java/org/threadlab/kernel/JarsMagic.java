package org.threadlab.kernel;

import java.io.File;
import java.util.List;
import org.dflib.jjava.jupyter.kernel.magic.LineMagic;
import org.threadlab.args.Args;

/**
 * {@code %jars PATH...} (alias {@code %classpath}): adds jars or class folders to what cells
 * compile and run against, and loads any extension they declare in
 * {@code META-INF/services/org.dflib.jjava.jupyter.Extension}.
 */
final class JarsMagic implements LineMagic<String, ThreadLabKernel> {
    static final String USAGE = "%jars PATH... [--help]";
    private static final String HELP = "Usage: " + USAGE + "\n\n"
            + "Adds jars or class folders to what cells compile and run against, and loads any\n"
            + "ThreadLab/JJava extensions they declare in META-INF/services. %classpath is the same.";

    @Override
    public String eval(ThreadLabKernel kernel, List<String> argv) {
        Args args = Args.parser("%jars", USAGE).words().parse(argv);
        if (args.help() || args.words().isEmpty()) {
            return HELP;
        }
        for (String path : args.words()) {
            if (!new File(path).exists()) {
                throw args.error("%jars finds no file or folder '" + path + "'");
            }
        }
        args.words().forEach(kernel::addToClasspath);
        return null;
    }
}
