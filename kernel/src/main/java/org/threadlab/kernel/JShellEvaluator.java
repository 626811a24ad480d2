package org.threadlab.kernel;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import jdk.jshell.Diag;
import jdk.jshell.EvalException;
import jdk.jshell.JShell;
import jdk.jshell.JShellException;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis;
import jdk.jshell.SourceCodeAnalysis.Completeness;
import jdk.jshell.SourceCodeAnalysis.CompletionInfo;
import jdk.jshell.UnresolvedReferenceException;

/**
 * Java cells on JShell, in this JVM: splits a cell into snippets, evaluates them, and turns
 * compile errors and exceptions into {@link CellException}s that name cell lines and show only
 * the user's own stack frames. Also completion, documentation and completeness.
 *
 * <pre>{@code
 * JShellEvaluator java = new JShellEvaluator(System.getProperty("java.class.path"));
 * Object answer = java.eval(1, "int x = 6;\nx * 7");   // 42
 * }</pre>
 *
 * <p>Thread-safety: evaluation is serialized on this object; {@link #stop()} may be called from
 * any thread.
 */
final class JShellEvaluator implements AutoCloseable {
    /** Imports every cell sees, as JShell's own default start-up plus the concurrency packages. */
    static final List<String> DEFAULT_IMPORTS = List.of(
            "java.io.*", "java.math.*", "java.net.*", "java.net.http.*", "java.nio.file.*", "java.time.*",
            "java.util.*", "java.util.concurrent.*", "java.util.concurrent.atomic.*",
            "java.util.concurrent.locks.*", "java.util.function.*", "java.util.regex.*", "java.util.stream.*");

    private record Chunk(String source, int line) {
    }

    private final StoppableExecutionControl control = new StoppableExecutionControl();
    private final JShell shell;
    /** Snippet id → (cell number, first line of the snippet in its cell), to name frames by cell line. */
    private final Map<String, int[]> snippetLines = new ConcurrentHashMap<>();

    JShellEvaluator(String classpath) {
        this.shell = JShell.builder()
                .executionEngine(new StoppableExecutionControlProvider(control), Map.of())
                .compilerOptions(compilerOptions(
                        java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments(),
                        Runtime.version().feature()).toArray(String[]::new))
                .build();
        if (classpath != null && !classpath.isBlank()) {
            shell.addToClasspath(classpath);
        }
        StringBuilder imports = new StringBuilder();
        for (String pkg : DEFAULT_IMPORTS) {
            imports.append("import ").append(pkg).append(";\n");
        }
        eval(0, imports.toString());
        control.prepare();
    }

    /**
     * javac options for cells: preview language features and APIs (e.g. {@code StructuredTaskScope},
     * JEP 505) compile only when this JVM runs them, that is when it was started with
     * {@code --enable-preview} (the kernelspec does so); cells run in this same JVM.
     */
    static List<String> compilerOptions(List<String> jvmArguments, int feature) {
        List<String> options = new ArrayList<>(List.of("-Xlint:none", "-proc:none"));
        if (jvmArguments.contains("--enable-preview")) {
            options.addAll(List.of("--enable-preview", "--source", Integer.toString(feature)));
        }
        return options;
    }

    StoppableExecutionControl control() {
        return control;
    }

    /** Adds jars or class folders (separated by the path separator) to what cells compile and run against. */
    synchronized void addToClasspath(String path) {
        shell.addToClasspath(path);
    }

    /**
     * Evaluates every snippet of {@code code} in order and returns the value of the last one when
     * it is an expression, else null.
     *
     * @throws CellException on a compile error, an exception in the cell, or an interrupt
     */
    synchronized Object eval(int cellNumber, String code) {
        Object value = null;
        for (Chunk chunk : split(code)) {
            value = evalChunk(cellNumber, chunk);
        }
        return value;
    }

    private Object evalChunk(int cellNumber, Chunk chunk) {
        if (control.isCancelled()) {
            throw interrupted();
        }
        control.beforeSnippet();
        List<SnippetEvent> events = shell.eval(chunk.source);
        Object value = control.takeLastValue();
        // cancelled also covers an interrupt whose stop ended the threads the cell waited for,
        // so the cell itself finished normally
        if (control.wasStopped() || control.isCancelled()) {
            throw interrupted();
        }
        Object result = null;
        for (SnippetEvent event : events) {
            Snippet snippet = event.snippet();
            if (event.causeSnippet() == null) {
                snippetLines.put(snippet.id(), new int[] {cellNumber, chunk.line});
            }
            if (event.causeSnippet() == null && event.status() == Snippet.Status.REJECTED) {
                throw compileError(snippet, chunk);
            }
            if (event.exception() != null) {
                throw runtimeError(event.exception());
            }
            if (event.causeSnippet() == null && isExpression(snippet)) {
                result = value;
            }
        }
        return result;
    }

    /** The error of an interrupted cell; it names a deadlock when there is one, since a stop cannot end it. */
    static CellException interrupted() {
        String message = "The cell was interrupted; threads running cell code were stopped.";
        String deadlock = org.threadlab.grade.Concurrency.describeDeadlock();
        if (deadlock != null) {
            message += " A deadlock stays behind (a thread blocked on a monitor cannot be stopped): " + deadlock + ".";
        }
        return new CellException("Interrupted", message, List.of());
    }

    private static boolean isExpression(Snippet snippet) {
        return snippet.kind() == Snippet.Kind.EXPRESSION
                || snippet.subKind() == Snippet.SubKind.TEMP_VAR_EXPRESSION_SUBKIND;
    }

    /** Splits a cell into the snippets JShell takes one at a time, remembering where each starts. */
    private List<Chunk> split(String code) {
        SourceCodeAnalysis analysis = shell.sourceCodeAnalysis();
        List<Chunk> chunks = new ArrayList<>();
        int offset = 0;
        String remaining = code;
        while (!remaining.isBlank()) {
            CompletionInfo info = analysis.analyzeCompletion(remaining);
            Completeness c = info.completeness();
            int line = lineOf(code, offset + leadingBlank(remaining));
            if (c == Completeness.COMPLETE || c == Completeness.COMPLETE_WITH_SEMI) {
                chunks.add(new Chunk(info.source(), line));
                int consumed = remaining.length() - info.remaining().length();
                if (consumed <= 0) {
                    break;
                }
                offset += consumed;
                remaining = info.remaining();
            } else if (c == Completeness.EMPTY) {
                break;
            } else {
                // incomplete or unparsable: let the compiler say what is wrong with the rest
                chunks.add(new Chunk(remaining.substring(leadingBlank(remaining)), line));
                break;
            }
        }
        return chunks;
    }

    private static int leadingBlank(String s) {
        int i = 0;
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        return i;
    }

    private static int lineOf(String code, int offset) {
        int line = 1;
        for (int i = 0; i < Math.min(offset, code.length()); i++) {
            if (code.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }

    private CellException compileError(Snippet snippet, Chunk chunk) {
        List<String> lines = new ArrayList<>();
        String first = null;
        for (Diag d : (Iterable<Diag>) shell.diagnostics(snippet)::iterator) {
            if (!d.isError()) {
                continue;
            }
            String message = d.getMessage(Locale.ROOT);
            if (first == null) {
                first = message.lines().findFirst().orElse(message);
            }
            String src = snippet.source();
            int pos = (int) Math.max(0, Math.min(d.getStartPosition(), src.length()));
            int lineStart = src.lastIndexOf('\n', pos - 1) + 1;
            int lineEnd = src.indexOf('\n', pos);
            String srcLine = src.substring(lineStart, lineEnd < 0 ? src.length() : lineEnd);
            int cellLine = chunk.line + lineOf(src, pos) - 1;
            lines.add("line " + cellLine + ": " + message);
            lines.add("    " + srcLine.stripTrailing());
            lines.add("    " + " ".repeat(Math.max(0, pos - lineStart)) + "^");
        }
        if (first == null) {
            first = "the cell does not compile as Java";
            if (snippet.kind() == Snippet.Kind.ERRONEOUS) {
                lines.add("JShell could not make sense of: " + snippet.source().strip());
            }
        }
        return new CellException("CompilationError", first, lines);
    }

    private CellException runtimeError(JShellException e) {
        List<String> lines = new ArrayList<>();
        String name;
        String value;
        if (e instanceof UnresolvedReferenceException u) {
            name = "UnresolvedReference";
            value = "'" + u.getSnippet().source().strip().lines().findFirst().orElse("") + "' uses something not yet defined: "
                    + String.join(", ", shell.unresolvedDependencies(u.getSnippet()).toList());
            lines.add(name + ": " + value);
        } else {
            EvalException ee = (EvalException) e;
            name = simpleName(ee.getExceptionClassName());
            value = ee.getMessage() == null ? "" : ee.getMessage();
            describe(ee, lines, "");
        }
        return new CellException(name, value, lines);
    }

    private void describe(JShellException e, List<String> lines, String prefix) {
        String cls = e instanceof EvalException ee ? ee.getExceptionClassName() : e.getClass().getName();
        lines.add(prefix + cls + (e.getMessage() != null ? ": " + e.getMessage() : ""));
        Set<String> seen = new LinkedHashSet<>();
        for (StackTraceElement f : e.getStackTrace()) {
            String frame = userFrame(f);
            if (frame != null && seen.add(frame)) {
                lines.add("    at " + frame);
            }
        }
        if (e.getCause() instanceof JShellException cause) {
            describe(cause, lines, "Caused by: ");
        }
    }

    /** A frame of cell code as "method (cell [n], line m)", or null for JDK and library frames. */
    private String userFrame(StackTraceElement f) {
        String file = f.getFileName();
        if (file == null || !file.startsWith("#")) {
            return null;
        }
        int[] where = snippetLines.get(file.substring(1));
        String method = f.getMethodName().isEmpty() || f.getMethodName().equals("do_it$") ? "<cell>" : cleanMethod(f);
        if (where == null) {
            return method + " (snippet " + file + ", line " + f.getLineNumber() + ")";
        }
        int line = where[1] + Math.max(1, f.getLineNumber()) - 1;
        return method + " (cell [" + where[0] + "], line " + line + ")";
    }

    /**
     * How an exception that escaped a thread cell code started reads: its class and message, then
     * the frames of cell code only, with causes. Live frames carry JShell's wrapper line numbers,
     * not cell lines, so they are named by method alone.
     */
    static String describeUncaught(Thread thread, Throwable e) {
        StringBuilder sb = new StringBuilder("Exception in thread \"").append(thread.getName()).append("\" ");
        Set<Throwable> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        for (Throwable t = e; t != null && seen.add(t); t = t.getCause()) {
            if (t != e) {
                sb.append("Caused by: ");
            }
            sb.append(t).append('\n');
            for (StackTraceElement f : t.getStackTrace()) {
                if (f.getClassName().startsWith("REPL.")) {
                    sb.append("    at ").append(cleanMethod(f)).append(" (cell code)\n");
                }
            }
        }
        return sb.toString();
    }

    private static String cleanMethod(StackTraceElement f) {
        String cls = f.getClassName();
        int dollar = cls.indexOf('$', cls.indexOf("$JShell$") + 8);
        String owner = dollar > 0 ? cls.substring(dollar + 1) : "";
        String method = f.getMethodName().startsWith("lambda$") ? "lambda" : f.getMethodName();
        return owner.isEmpty() ? method : owner + "." + method;
    }

    private static String simpleName(String className) {
        if (className == null) {
            return "Exception";
        }
        return className.substring(className.lastIndexOf('.') + 1);
    }

    /** Completion candidates for the code around {@code cursor}; replacement starts at {@code anchor[0]}. */
    synchronized List<String> complete(String code, int cursor, int[] anchor) {
        int start = snippetStart(code, cursor);
        int[] a = new int[1];
        List<String> out = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (SourceCodeAnalysis.Suggestion s : shell.sourceCodeAnalysis()
                .completionSuggestions(code.substring(start), cursor - start, a)) {
            if (seen.add(s.continuation())) {
                out.add(s.continuation());
            }
        }
        anchor[0] = start + a[0];
        return out;
    }

    /** Signatures and Javadoc of what is at {@code cursor}, or an empty list. */
    synchronized List<String> documentation(String code, int cursor, boolean javadoc) {
        int start = snippetStart(code, cursor);
        List<String> docs = new ArrayList<>();
        for (SourceCodeAnalysis.Documentation d : shell.sourceCodeAnalysis()
                .documentation(code.substring(start), cursor - start, javadoc)) {
            docs.add(d.javadoc() == null || d.javadoc().isBlank() ? d.signature() : d.signature() + "\n\n" + d.javadoc());
        }
        return docs;
    }

    /** "complete", "incomplete" or "invalid" for the whole cell. */
    synchronized String completeness(String code) {
        String remaining = code;
        while (!remaining.isBlank()) {
            CompletionInfo info = shell.sourceCodeAnalysis().analyzeCompletion(remaining);
            switch (info.completeness()) {
                case COMPLETE, COMPLETE_WITH_SEMI -> remaining = info.remaining();
                case EMPTY -> remaining = "";
                case DEFINITELY_INCOMPLETE, CONSIDERED_INCOMPLETE -> {
                    return "incomplete";
                }
                default -> {
                    return "invalid";
                }
            }
        }
        return "complete";
    }

    /** Where the snippet that contains {@code cursor} begins. */
    private int snippetStart(String code, int cursor) {
        int offset = 0;
        String remaining = code.substring(0, Math.min(cursor, code.length()));
        while (!remaining.isBlank()) {
            CompletionInfo info = shell.sourceCodeAnalysis().analyzeCompletion(remaining);
            if (info.completeness() != Completeness.COMPLETE && info.completeness() != Completeness.COMPLETE_WITH_SEMI) {
                break;
            }
            int consumed = remaining.length() - info.remaining().length();
            if (consumed <= 0 || info.remaining().isBlank()) {
                break;
            }
            offset += consumed;
            remaining = info.remaining();
        }
        return offset;
    }

    /** Stops cell code in every thread (see {@link StoppableExecutionControl#stop()}). */
    void stop() {
        control.stop();
    }

    @Override
    public void close() {
        shell.close();
    }
}
