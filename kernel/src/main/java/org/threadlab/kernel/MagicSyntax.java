package org.threadlab.kernel;

import java.util.ArrayList;
import java.util.List;

/**
 * How a cell spells magics: {@code %%name args} on the first line makes the rest of the cell its
 * body; a cell made only of {@code %name args} lines runs them in turn. Arguments split on
 * blanks, with double quotes grouping and backslash escaping, as in jjava-jupyter.
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
