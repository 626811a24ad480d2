package org.threadlab.kernel;

import java.util.ArrayList;
import java.util.List;

/**
 * How a cell spells magics, and the one place that says which parser reads which {@code %} line
 * ({@link ThreadLabKernel#evalRaw} asks in this order):
 * <table>
 *   <caption>Who reads a % line</caption>
 *   <tr><th>the cell</th><th>read by</th><th>runs</th></tr>
 *   <tr><td>starts with {@code %%name args}</td><td>{@link #cellMagic}</td>
 *       <td>the cell magic, with the rest of the cell as its body</td></tr>
 *   <tr><td>holds only {@code %name args} lines (and blank or {@code //} lines)</td><td>{@link #lineMagicsOnly}</td>
 *       <td>each line magic in turn; the cell's value is the last one's</td></tr>
 *   <tr><td>Java with {@code %name args} at a line's start or after {@code =}
 *       ({@code var r = %lsmagic})</td><td>jjava's {@code MagicParser.resolveMagics}</td>
 *       <td>the Java, each such line rewritten by jjava's {@code MagicTranspiler} into a call of the magic</td></tr>
 * </table>
 * Arguments split on blanks, with double quotes grouping and backslash escaping, in both
 * parsers; what the arguments mean is each magic's own {@code org.threadlab.args.Args}.
 */
record MagicSyntax(String name, List<String> args, String body) {

    /** The cell magic that opens {@code code}, or null. */
    static MagicSyntax cellMagic(String code) {
        String s = code.stripLeading();
        if (!s.startsWith("%%")) {
            return null;
        }
        int eol = s.indexOf('\n');
        String head = (eol < 0 ? s : s.substring(0, eol)).substring(2).strip();
        String body = eol < 0 ? "" : s.substring(eol + 1);
        List<String> tokens = split(head);
        if (tokens.isEmpty()) {
            return null;
        }
        return new MagicSyntax(tokens.get(0), tokens.subList(1, tokens.size()), body);
    }

    /**
     * {@code code} with its opening {@code %%name args} line blanked to spaces, so completion and
     * inspection read the Java body under it at the same offsets; other cells unchanged.
     */
    static String blankCellMagicLine(String code) {
        int start = code.length() - code.stripLeading().length();
        if (!code.startsWith("%%", start)) {
            return code;
        }
        int eol = code.indexOf('\n', start);
        return " ".repeat(eol < 0 ? code.length() : eol) + (eol < 0 ? "" : code.substring(eol));
    }

    /** The line magics of a cell that holds nothing else, or null when it holds anything else. */
    static List<MagicSyntax> lineMagicsOnly(String code) {
        List<MagicSyntax> magics = new ArrayList<>();
        for (String line : code.split("\\R")) {
            String s = line.strip();
            if (s.isEmpty() || s.startsWith("//")) {
                continue;
            }
            if (!s.startsWith("%") || s.startsWith("%%") || s.length() < 2) {
                return null;
            }
            List<String> tokens = split(s.substring(1));
            if (tokens.isEmpty()) {
                return null;
            }
            magics.add(new MagicSyntax(tokens.get(0), tokens.subList(1, tokens.size()), null));
        }
        return magics.isEmpty() ? null : magics;
    }

    static List<String> split(String args) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        boolean token = false;
        for (int i = 0; i < args.length(); i++) {
            char c = args.charAt(i);
            if (c == '\\' && i + 1 < args.length()) {
                cur.append(args.charAt(++i));
                token = true;
            } else if (c == '"') {
                quoted = !quoted;
                token = true;
            } else if (Character.isWhitespace(c) && !quoted) {
                if (token) {
                    out.add(cur.toString());
                    cur.setLength(0);
                    token = false;
                }
            } else {
                cur.append(c);
                token = true;
            }
        }
        if (token) {
            out.add(cur.toString());
        }
        return out;
    }
}
