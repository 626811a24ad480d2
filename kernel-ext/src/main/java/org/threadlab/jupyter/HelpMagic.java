package org.threadlab.jupyter;

import java.util.List;
import org.threadlab.ThreadLab;
import org.threadlab.args.Args;
import org.threadlab.text.Html;

/**
 * {@code %threadlab}: every ThreadLab magic with one line each, and the versions in use
 * (ThreadLab, JDK, kernel), as an HTML table (examples as code, line breaks kept) and as text.
 * {@code %threadlab --help} says the same about itself.
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
        Html.Table table = new Html.Table().column("magic", false).column("what it does", false).column("example", false);
        for (MagicSpec m : magics) {
            plain.append("  ").append(pad(m.typed(), width)).append("  ").append(m.summary()).append('\n');
            // the example keeps its line breaks: a cell magic's body starts on the line under it
            table.rowHtml(List.of(Html.code(m.typed()), Html.escape(m.summary()), Html.pre(m.example())), null);
        }
        String versions = "ThreadLab " + ThreadLab.version() + " · JDK " + Runtime.version()
                + " (" + System.getProperty("java.vendor", "?") + ") · kernel " + kernel.getName() + " " + kernel.getVersion();
        plain.append('\n').append(versions);
        StringBuilder limitsHtml = new StringBuilder();
        List<String> limits = kernel.limitations();
        if (!limits.isEmpty()) {
            String heading = "What this kernel (" + kernel.getName() + ") cannot do:";
            plain.append("\n\n").append(heading).append('\n');
            limitsHtml.append(Html.paragraph(Html.bold(Html.escape(heading)))).append("\n<ul>\n");
            for (String limit : limits) {
                plain.append("  - ").append(limit).append('\n');
                limitsHtml.append("<li>").append(Html.escape(limit)).append("</li>\n");
            }
            limitsHtml.append("</ul>\n");
        }
        return DisplayBundle.table(plain.toString(), "<div class=\"threadlab-help\">\n"
                + Html.paragraph(Html.bold("ThreadLab magics") + " (each answers " + Html.code("--help") + ")") + "\n"
                + table.render() + "\n" + Html.paragraph(Html.escape(versions)) + "\n" + limitsHtml + "</div>");
    }

    private static DisplayData text(String s) {
        return new DisplayData(s);
    }

    private static String pad(String s, int width) {
        return s + " ".repeat(Math.max(0, width - s.length()));
    }
}
