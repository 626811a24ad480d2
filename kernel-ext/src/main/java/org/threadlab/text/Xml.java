package org.threadlab.text;

import java.util.regex.Pattern;

/**
 * Text made safe for XML 1.0, whatever it holds: terminal colour codes are dropped, characters
 * XML 1.0 forbids (NUL, U+0001, lone surrogates, U+FFFE) are written as {@code \u0001}, and
 * markup characters are escaped.
 *
 * <pre>{@code
 * "<failure message=\"" + Xml.attribute(message) + "\">" + Xml.text(trace) + "</failure>"
 * }</pre>
 *
 * <p>Stateless and thread-safe.
 */
public final class Xml {
    /** ANSI escape sequences (CSI ... final byte, and two-character ESC sequences). */
    private static final Pattern ANSI = Pattern.compile("\u001B\\[[0-?]*[ -/]*[@-~]|\u001B[@-Z\\\\-_]");

    private Xml() {
    }

    /** Element content: line breaks kept. */
    public static String text(String s) {
        return escape(s, false);
    }

    /** An attribute value in double quotes: tabs and line breaks kept as character references (a parser would turn them into spaces). */
    public static String attribute(String s) {
        return escape(s, true);
    }

    /** What {@link #text} keeps of {@code s}, unescaped: the colour codes gone and each forbidden character spelled out. */
    public static String clean(String s) {
        if (s == null) {
            return "";
        }
        String t = s.indexOf('\u001B') >= 0 ? ANSI.matcher(s).replaceAll("") : s;
        StringBuilder b = new StringBuilder(t.length());
        for (int i = 0; i < t.length(); ) {
            int cp = t.codePointAt(i);
            int n = Character.charCount(cp);
            if (allowed(cp)) {
                b.appendCodePoint(cp);
            } else {
                b.append(String.format("\\u%04X", cp));
            }
            i += n;
        }
        return b.toString();
    }

    private static String escape(String s, boolean attribute) {
        String t = clean(s);
        StringBuilder b = new StringBuilder(t.length() + 16);
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");   // also breaks any "]]>"
                case '"' -> b.append(attribute ? "&quot;" : "\"");
                case '\n' -> b.append(attribute ? "&#10;" : "\n");
                case '\r' -> b.append("&#13;");   // a bare CR would be read back as a line feed
                case '\t' -> b.append(attribute ? "&#9;" : "\t");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    /** XML 1.0's Char production; a lone surrogate reaches here as its own code point and is not allowed. */
    private static boolean allowed(int cp) {
        return cp == 0x9 || cp == 0xA || cp == 0xD || (cp >= 0x20 && cp <= 0xD7FF) || (cp >= 0xE000 && cp <= 0xFFFD)
                || (cp >= 0x10000 && cp <= 0x10FFFF);
    }
}
