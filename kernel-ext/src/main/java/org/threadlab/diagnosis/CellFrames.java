package org.threadlab.diagnosis;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The stack frames of notebook code, named by cell and line, the one way ThreadLab shows them:
 * {@code at Worker.run (cell [3], line 7)} — in the kernel's errors, for exceptions escaping
 * background threads, in {@code %%junit} reports, in grading feedback. Frames of the JDK, of
 * libraries and of ThreadLab itself are left out.
 *
 * <pre>{@code
 * CellFrames.remember(new CellFrames.Origin("12", "REPL.$JShell$12", 3, cellLines, snippetLines)); // the kernel
 * for (String frame : CellFrames.names(e.getStackTrace())) System.err.println("    at " + frame);
 * }</pre>
 *
 * <p>JShell compiles each snippet into a class {@code REPL.$JShell$N} whose source is the
 * snippet inside a generated wrapper. A live frame (a {@code Throwable} thrown in this JVM)
 * carries that class and the wrapper's line number; JShell's own {@code EvalException} carries
 * the file {@code #id} and the line within the snippet. Either way the frame names its snippet,
 * and {@link #remember} has said in which cell, from which line, the snippet stands. Frames of
 * snippets nobody remembered (a stock JJava kernel) still show, as {@code (cell code)}.
 *
 * <p>Thread-safety: all methods may be called from any thread. The table is one per JVM, as is
 * JShell's {@code REPL} package in a kernel; a second JShell in the same JVM (tests) replaces
 * the entries of the snippets it reuses numbers of.
 */
public final class CellFrames {
    private static final String REPL_CLASS = "REPL.$JShell$";
    private static final Map<String, Origin> BY_ID = new ConcurrentHashMap<>();
    private static final Map<String, Origin> BY_CLASS = new ConcurrentHashMap<>();

    /**
     * Where a snippet stands.
     *
     * @param snippetId    JShell's id of the snippet
     * @param className    the class JShell compiled it into, e.g. {@code REPL.$JShell$12}, or "" for none
     * @param cell         the execution count of its cell
     * @param cellLines    for each line of the snippet (index 0: line 1), the cell line it stands on
     *                     (1-based); a magic's body or generated code around the user's does not
     *                     start at the cell's first line, so this is a table, not an offset
     * @param snippetLines for each line of the generated wrapper (index 0: line 1), the snippet line
     *                     it holds (1-based); the wrapper reorders a snippet (a variable's initializer
     *                     moves below its declaration)
     */
    public record Origin(String snippetId, String className, int cell, int[] cellLines, int[] snippetLines) {
        int cellLine(int snippetLine) {
            return cellLines.length == 0 ? snippetLine : cellLines[Math.max(0, Math.min(snippetLine, cellLines.length) - 1)];
        }

        int snippetLine(int wrapperLine) {
            return wrapperLine >= 1 && wrapperLine <= snippetLines.length ? snippetLines[wrapperLine - 1] : 1;
        }
    }

    private CellFrames() {
    }

    /** Records where a snippet stands; a later origin of the same id or class replaces an earlier one. */
    public static void remember(Origin origin) {
        BY_ID.put(origin.snippetId(), origin);
        if (!origin.className().isEmpty()) {
            BY_CLASS.put(origin.className(), origin);
        }
    }

    /** Where snippet {@code snippetId} stands, or null. */
    public static Origin origin(String snippetId) {
        return BY_ID.get(snippetId);
    }

    /** A frame of notebook code as {@code Worker.run (cell [3], line 7)}, or null for any other frame. */
    public static String name(StackTraceElement f) {
        String file = f.getFileName();
        boolean translated = file != null && file.startsWith("#"); // JShell's EvalException: snippet lines
        if (!translated && !f.getClassName().startsWith(REPL_CLASS)) {
            return null;
        }
        String method = method(f);
        int line = Math.max(1, f.getLineNumber());
        if (translated) {
            Origin o = BY_ID.get(file.substring(1));
            return o == null ? method + " (snippet " + file + ", line " + line + ")"
                    : method + " (cell [" + o.cell() + "], line " + o.cellLine(line) + ")";
        }
        Origin o = BY_CLASS.get(topLevelClass(f.getClassName()));
        if (o == null) {
            return method + " (cell code)";
        }
        return method + " (cell [" + o.cell() + "], line " + o.cellLine(o.snippetLine(line)) + ")";
    }

    /** The names of the notebook frames of {@code stack}, innermost first, each once. */
    public static List<String> names(StackTraceElement[] stack) {
        Set<String> out = new LinkedHashSet<>();
        for (StackTraceElement f : stack) {
            String n = name(f);
            if (n != null) {
                out.add(n);
            }
        }
        return List.copyOf(out);
    }

    /** The names of the notebook frames of {@code t} and its causes, each once. */
    public static List<String> names(Throwable t) {
        Set<String> out = new LinkedHashSet<>();
        for (Throwable c : chain(t)) {
            out.addAll(names(c.getStackTrace()));
        }
        return List.copyOf(out);
    }

    /**
     * {@code t} as a person reads it: {@code headline} of each exception ("Caused by: " before
     * the causes), each followed by its notebook frames as {@code "    at ..."} lines.
     */
    public static List<String> trace(Throwable t, Function<Throwable, String> headline) {
        List<String> lines = new ArrayList<>();
        for (Throwable c : chain(t)) {
            lines.add((c == t ? "" : "Caused by: ") + headline.apply(c));
            names(c.getStackTrace()).forEach(n -> lines.add("    at " + n));
        }
        return lines;
    }

    /** A class as the notebook named it: {@code REPL.$JShell$12$Account} → {@code Account}; other names unchanged. */
    public static String className(String cls) {
        if (!cls.startsWith(REPL_CLASS)) {
            return cls;
        }
        int dollar = cls.indexOf('$', REPL_CLASS.length());
        return dollar < 0 ? "" : cls.substring(dollar + 1).replace('$', '.');
    }

    private static String method(StackTraceElement f) {
        String m = f.getMethodName();
        if (m.isEmpty() || m.equals("do_it$")) {
            return "<cell>"; // the cell's own statements
        }
        String owner = className(f.getClassName()).replace('$', '.');
        String method = m.startsWith("lambda$") ? "lambda" : m;
        return owner.isEmpty() ? method : owner + "." + method;
    }

    private static String topLevelClass(String cls) {
        int dollar = cls.indexOf('$', REPL_CLASS.length());
        return dollar < 0 ? cls : cls.substring(0, dollar);
    }

    private static List<Throwable> chain(Throwable t) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        List<Throwable> out = new ArrayList<>();
        for (Throwable c = t; c != null && seen.add(c); c = c.getCause()) {
            out.add(c);
        }
        return out;
    }
}
