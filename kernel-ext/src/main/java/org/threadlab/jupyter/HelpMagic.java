package org.threadlab.jupyter;

import java.util.List;
import org.threadlab.ThreadLab;
import org.threadlab.args.Args;

/**
 * {@code %threadlab}: every ThreadLab magic with one line each, and the versions in use
 * (ThreadLab, JDK, kernel). {@code %threadlab --help} says the same about itself.
 */
final class HelpMagic implements LineMagic {
    static final MagicSpec SPEC = new MagicSpec("threadlab", false,
            "list every ThreadLab magic and the versions in use", "%threadlab");
    private static final String USAGE = "%threadlab [--help]";

    private final List<MagicSpec> magics;

    HelpMagic(List<MagicSpec> magics) {
        this.magics = magics;
    }

    @Override
    public DisplayData eval(Kernel kernel, List<String> args) {
        if (Args.parser("%threadlab", USAGE).parse(args).help()) {
            return text(USAGE + "\n\n" + SPEC.summary() + ". Every magic also answers --help.");
        }
        int width = magics.stream().mapToInt(m -> m.typed().length()).max().orElse(10);
        StringBuilder plain = new StringBuilder("ThreadLab magics (each answers --help):\n");
        StringBuilder md = new StringBuilder("**ThreadLab magics** (each answers `--help`)\n\n| magic | what it does | example |\n|---|---|---|\n");
        for (MagicSpec m : magics) {
            plain.append("  ").append(pad(m.typed(), width)).append("  ").append(m.summary()).append('\n');
            md.append("| `").append(m.typed()).append("` | ").append(m.summary()).append(" | `")
                    .append(m.example().replace("\n", " ⏎ ")).append("` |\n");
        }
        String versions = "ThreadLab " + ThreadLab.version() + " · JDK " + Runtime.version()
                + " (" + System.getProperty("java.vendor", "?") + ") · kernel " + kernel.getName() + " " + kernel.getVersion();
        plain.append('\n').append(versions);
        md.append('\n').append(versions);
        List<String> limits = kernel.limitations();
        if (!limits.isEmpty()) {
            plain.append("\n\nWhat this kernel (").append(kernel.getName()).append(") cannot do:\n");
            md.append("\n\n**What this kernel (").append(kernel.getName()).append(") cannot do:**\n\n");
            for (String limit : limits) {
                plain.append("  - ").append(limit).append('\n');
                md.append("- ").append(limit).append('\n');
            }
        }
        DisplayData data = text(plain.toString());
        data.putMarkdown(md.toString());
        return data;
    }

    private static DisplayData text(String s) {
        return new DisplayData(s);
    }

    private static String pad(String s, int width) {
        return s + " ".repeat(Math.max(0, width - s.length()));
    }
}
