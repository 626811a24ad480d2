package org.threadlab.patterns;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The Java source of a pattern class, as shipped in the jar under
 * {@code org/threadlab/patterns/source/} (the kernel-ext build copies it there), so what a
 * notebook prints is exactly what runs.
 *
 * <pre>{@code
 * System.out.println(PatternSource.of("Sleepers"));
 * System.out.println(PatternSource.method("SplitSumVariants", "joinTooEarly"));
 * }</pre>
 *
 * <p>Stateless and thread-safe.
 */
public final class PatternSource {
    private static final String ROOT = "/org/threadlab/patterns/source/";

    private PatternSource() {
    }

    /** The whole source file of {@code simpleClassName}, e.g. {@code "FirstResponse"}. */
    public static String of(String simpleClassName) {
        if (!simpleClassName.matches("[A-Za-z][A-Za-z0-9]*")) {
            throw new IllegalArgumentException("A pattern source is named by a simple class name like 'Sleepers', not '"
                    + simpleClassName + "'.");
        }
        String resource = ROOT + simpleClassName + ".java";
        try (InputStream in = PatternSource.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("No pattern source '" + simpleClassName + "' (looked for "
                        + resource.substring(1) + " on the class path).");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }

    /**
     * One method of {@code simpleClassName} with its Javadoc: the first declaration named
     * {@code methodName}, up to its closing brace. Braces inside strings, characters and
     * comments are not counted.
     */
    public static String method(String simpleClassName, String methodName) {
        String src = of(simpleClassName);
        java.util.regex.Matcher m = java.util.regex.Pattern
                .compile("(?m)^[ \\t]*(public|static|private|protected)[^;=\\n]*\\b" + java.util.regex.Pattern.quote(methodName) + "\\(")
                .matcher(src);
        if (!m.find()) {
            throw new IllegalArgumentException("No method '" + methodName + "' in " + simpleClassName + ".");
        }
        int start = withLeadingComment(src, m.start());
        int open = src.indexOf('{', m.start());
        int end = matchingBrace(src, open);
        return src.substring(start, end + 1).stripIndent(); // starts at a line start, so indentation is whole
    }

    /** Moves {@code declStart} back over a Javadoc comment and annotations directly above it. */
    private static int withLeadingComment(String src, int declStart) {
        int i = declStart;
        while (true) {
            int lineStart = src.lastIndexOf('\n', i - 2) + 1;
            if (i == 0 || lineStart >= i) {
                return i;
            }
            String line = src.substring(lineStart, i).strip();
            if (line.startsWith("*") || line.startsWith("/**") || line.startsWith("@") || line.endsWith("*/")) {
                i = lineStart;
            } else {
                return i;
            }
        }
    }

    private static int matchingBrace(String src, int open) {
        int depth = 0;
        for (int i = open; i < src.length(); i++) {
            char c = src.charAt(i);
            if (c == '"' || c == '\'') {
                i = skipLiteral(src, i, c);
            } else if (c == '/' && i + 1 < src.length() && src.charAt(i + 1) == '/') {
                i = src.indexOf('\n', i);
            } else if (c == '/' && i + 1 < src.length() && src.charAt(i + 1) == '*') {
                i = src.indexOf("*/", i) + 1;
            } else if (c == '{') {
                depth++;
            } else if (c == '}' && --depth == 0) {
                return i;
            }
        }
        throw new IllegalStateException("unbalanced braces in pattern source");
    }

    private static int skipLiteral(String src, int i, char quote) {
        for (int j = i + 1; j < src.length(); j++) {
            char c = src.charAt(j);
            if (c == '\\') {
                j++;
            } else if (c == quote) {
                return j;
            }
        }
        return src.length();
    }
}
