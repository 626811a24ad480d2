package org.threadlab.kernel;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;
import jdk.jshell.DeclarationSnippet;
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
import org.dflib.jjava.jupyter.kernel.BaseNotebookStatics;
import org.threadlab.ThreadLab;
import org.threadlab.diagnosis.CellFrames;
import org.threadlab.diagnosis.Reasons;
import org.threadlab.diagnosis.StuckThreads;

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
    static final List<String> DEFAULT_IMPORTS = ThreadLab.NOTEBOOK_PACKAGES;

    /**
     * One snippet of a cell as JShell's {@code analyzeCompletion} cut it: its source, where it
     * starts in the cell ({@code offset} before its leading blanks, {@code line} of its first
     * character), and whether it is complete; only the last chunk of a cell can be incomplete or
     * unparsable, and then holds the rest of the cell.
     */
    private record Chunk(String source, int offset, int line, Completeness completeness) {
        boolean complete() {
            return completeness == Completeness.COMPLETE || completeness == Completeness.COMPLETE_WITH_SEMI;
        }
    }

    private final StoppableExecutionControl control = new StoppableExecutionControl();
    private final JShell shell;

    JShellEvaluator(String classpath) {
        this(classpath, List::of, e -> {
            throw e;
        });
    }

    /**
     * Starts JShell on {@code classpath} and evaluates, as one snippet, JShell's default imports,
     * the notebook statics and {@code extensionImports} (whole {@code import ...;} lines), asked
     * for once JShell is built: the first javac round is the slow one, and a second round for the
     * extensions' imports would cost a cold JVM another 150–200 ms. If that snippet does not
     * compile, the defaults are evaluated alone, then the extensions' imports as a group of their
     * own, and that group's error goes to {@code extensionImportsFailed}.
     */
    JShellEvaluator(String classpath, Supplier<List<String>> extensionImports,
            Consumer<CellException> extensionImportsFailed) {
        StartupTrace.t("JShell.build start");
        this.shell = JShell.builder()
                .executionEngine(new StoppableExecutionControlProvider(control), Map.of())
                .compilerOptions(compilerOptions(
                        java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments(),
                        Runtime.version().feature()).toArray(String[]::new))
                .build();
        if (classpath != null && !classpath.isBlank()) {
            shell.addToClasspath(classpath);
        }
        // JShell indexes the JDK and the classpath for completion on a thread of its own when its
        // source analysis is first asked for: now, during start-up, rather than in the first cells
        shell.sourceCodeAnalysis();
        StartupTrace.t("JShell built, classpath added");
        List<String> defaults = new ArrayList<>();
        for (String pkg : DEFAULT_IMPORTS) {
            defaults.add("import " + pkg + ";");
        }
        // display(...), render(...), updateDisplay(...) as in JJava notebooks
        defaults.add("import static " + BaseNotebookStatics.class.getName() + ".*;");
        List<String> extensions = extensionImports.get();
        StartupTrace.t("extension imports known");
        if (extensions.isEmpty()) {
            importAll(ImportGroups.Defaults.class, defaults);
        } else {
            List<String> all = new ArrayList<>(defaults);
            all.addAll(extensions);
            try {
                importAll(ImportGroups.Defaults.class, all);
            } catch (CellException e) {
                importAll(ImportGroups.Defaults.class, defaults);
                try {
                    importAll(ImportGroups.Extensions.class, extensions);
                } catch (CellException failed) {
                    extensionImportsFailed.accept(failed);
                }
            }
        }
        StartupTrace.t("start-up imports done");
        control.prepare();
        StartupTrace.t("control prepared");
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

    /**
     * Compiles, loads and runs one throwaway snippet, then drops it: the first cell does not pay
     * for JShell's first compilation and class loading (the kernel does this while it waits for
     * its first request).
     */
    synchronized void warmUp() {
        control.beforeSnippet();
        for (SnippetEvent event : shell.eval("int $threadlabWarmUp = 1 + 1;")) {
            if (event.snippet() != null && shell.status(event.snippet()).isActive()) {
                shell.drop(event.snippet());
            }
        }
        control.takeLastValue();
        control.beginCell();
    }

    /**
     * Evaluates {@code imports} (whole {@code import ...;} lines) as one snippet led by an import of
     * {@code group}'s members: one javac round instead of one per import, which made most of
     * JShell's start-up. {@code group} keys the snippet ({@link ImportGroups}); each group once.
     *
     * @throws CellException when one of them does not compile (then none of them holds)
     */
    synchronized void importAll(Class<?> group, List<String> imports) {
        String source = "import static " + group.getCanonicalName() + ".*;\n" + String.join("\n", imports);
        evalChunk(0, new Chunk(source, 0, 1, Completeness.COMPLETE), CellLines.of(source, source));
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
        return eval(cellNumber, code, code);
    }

    /**
     * The same for code made from cell {@code cellNumber}, whose text is {@code cell} (a magic's
     * body, tests wrapped in a class): errors and frames name the lines of the cell ({@link CellLines}).
     */
    synchronized Object eval(int cellNumber, String cell, String code) {
        int[] cellLines = CellLines.of(cell, code);
        Object value = null;
        for (Chunk chunk : split(code)) {
            value = evalChunk(cellNumber, chunk, cellLines);
        }
        return value;
    }

    private Object evalChunk(int cellNumber, Chunk chunk, int[] cellLines) {
        if (control.isCancelled()) {
            throw interrupted();
        }
        control.beforeSnippet();
        StartupTrace.t("eval> " + chunk.source.lines().findFirst().orElse(""));
        List<SnippetEvent> events = shell.eval(chunk.source);
        StartupTrace.t("eval< ");
        Object value = control.takeLastValue();
        // cancelled also covers an interrupt whose stop ended the threads the cell waited for,
        // so the cell itself finished normally
        if (control.wasStopped() || control.isCancelled()) {
            throw interrupted();
        }
        Object result = null;
        for (SnippetEvent event : events) {
            Snippet snippet = event.snippet();
            int[] lines = event.causeSnippet() == null ? linesOf(snippet, chunk, cellLines) : null;
            if (lines != null) {
                rememberOrigin(snippet, cellNumber, lines);
            } else if (CellFrames.origin(snippet.id()) != null) { // recompiled because of this one: same place, new class
                CellFrames.Origin o = CellFrames.origin(snippet.id());
                rememberOrigin(snippet, o.cell(), o.cellLines());
            }
            if (snippet instanceof DeclarationSnippet d && event.status() != Snippet.Status.REJECTED) {
                // a later call of it names what is missing (Reasons), not "SPIResolutionException"
                Reasons.rememberUnresolved(snippet.id(), shell.unresolvedDependencies(d).toList());
            }
            if (event.causeSnippet() == null && event.status() == Snippet.Status.REJECTED) {
                throw compileError(snippet, lines);
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

    /** The cell line of each line of {@code snippet}, which JShell took from {@code chunk}. */
    private static int[] linesOf(Snippet snippet, Chunk chunk, int[] cellLines) {
        int[] lines = new int[lineOf(snippet.source(), snippet.source().length())];
        for (int k = 0; k < lines.length; k++) {
            lines[k] = cellLines[Math.min(chunk.line - 1 + k, cellLines.length - 1)];
        }
        return lines;
    }

    /**
     * Tells {@link CellFrames} where a snippet stands: its cell, the cell line of each of its
     * lines, and which snippet line each line of JShell's generated class holds, since live frames
     * are numbered by those.
     */
    private void rememberOrigin(Snippet snippet, int cellNumber, int[] cellLines) {
        if (snippet.kind() == Snippet.Kind.IMPORT || shell.status(snippet) == Snippet.Status.REJECTED) {
            CellFrames.remember(new CellFrames.Origin(snippet.id(), "", cellNumber, cellLines, new int[0]));
            return;
        }
        SourceCodeAnalysis.SnippetWrapper wrapper;
        try {
            wrapper = shell.sourceCodeAnalysis().wrapper(snippet);
        } catch (RuntimeException e) {
            // naming frames must never fail a cell that ran: its frames then name the snippet's first line
            CellFrames.remember(new CellFrames.Origin(snippet.id(), "", cellNumber, cellLines, new int[0]));
            return;
        }
        String wrapped = wrapper.wrapped();
        String[] wrapperLines = wrapped.split("\n", -1);
        int[] snippetLines = new int[wrapperLines.length];
        int start = 0;
        for (int i = 0; i < wrapperLines.length; i++) {
            // the line's first non-blank character tells where it came from (a generated line maps to the start)
            int at = start + leadingBlank(wrapperLines[i]);
            snippetLines[i] = lineOf(snippet.source(), wrapper.wrappedToSourcePosition(Math.min(at, wrapped.length() - 1)));
            start += wrapperLines[i].length() + 1;
        }
        CellFrames.remember(new CellFrames.Origin(snippet.id(), wrapper.fullClassName(), cellNumber, cellLines, snippetLines));
    }

    /** The error of an interrupted cell; it names a deadlock when there is one, since a stop cannot end it. */
    static CellException interrupted() {
        String message = "The cell was interrupted; threads running cell code were stopped.";
        String deadlock = StuckThreads.deadlock();
        if (deadlock != null) {
            message += " A deadlock stays behind (a thread blocked on a monitor cannot be stopped): " + deadlock + ".";
        }
        return new CellException("Interrupted", message, List.of());
    }

    private static boolean isExpression(Snippet snippet) {
        return snippet.kind() == Snippet.Kind.EXPRESSION
                || snippet.subKind() == Snippet.SubKind.TEMP_VAR_EXPRESSION_SUBKIND;
    }

    /**
     * Splits a cell into the snippets JShell takes one at a time, remembering where each starts;
     * evaluation, completeness and completion all cut a cell this one way.
     */
    private List<Chunk> split(String code) {
        SourceCodeAnalysis analysis = shell.sourceCodeAnalysis();
        List<Chunk> chunks = new ArrayList<>();
        int offset = 0;
        String remaining = code;
        while (!remaining.isBlank()) {
            CompletionInfo info = analysis.analyzeCompletion(remaining);
            Completeness c = info.completeness();
            int line = lineOf(code, offset + leadingBlank(remaining));
            if (c == Completeness.EMPTY) {
                break;
            }
            if (c != Completeness.COMPLETE && c != Completeness.COMPLETE_WITH_SEMI) {
                // incomplete or unparsable: the rest of the cell, for the compiler to say what is wrong
                chunks.add(new Chunk(remaining.substring(leadingBlank(remaining)), offset, line, c));
                break;
            }
            // without the blank lines before it: JShell numbers a snippet's lines wrongly after them
            String source = info.source();
            chunks.add(new Chunk(source.substring(source.lastIndexOf('\n', leadingBlank(source)) + 1), offset, line, c));
            int consumed = remaining.length() - info.remaining().length();
            if (consumed <= 0) {
                break;
            }
            offset += consumed;
            remaining = info.remaining();
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

    private CellException compileError(Snippet snippet, int[] cellLines) {
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
            int cellLine = cellLines[Math.min(lineOf(src, pos), cellLines.length) - 1];
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
        String thrown = "";
        if (e instanceof UnresolvedReferenceException u) {
            name = "UnresolvedReference";
            value = "'" + u.getSnippet().source().strip().lines().findFirst().orElse("") + "' uses something not yet defined: "
                    + String.join(", ", shell.unresolvedDependencies(u.getSnippet()).toList());
            lines.add(name + ": " + value);
        } else {
            EvalException ee = (EvalException) e;
            thrown = ee.getExceptionClassName();
            name = simpleName(thrown);
            value = ee.getMessage() == null ? "" : ee.getMessage();
            lines.addAll(CellFrames.trace(ee, JShellEvaluator::headline));
            String plain = Reasons.explain(ee.getExceptionClassName(), ee.getMessage());
            if (plain != null) {
                lines.add(plain);
            }
        }
        return new CellException(name, value, lines, thrown);
    }

    /** The exception class and message, as the user's code would print them (not JShell's wrapper's). */
    private static String headline(Throwable t) {
        String cls = CellFrames.className(t instanceof EvalException ee ? ee.getExceptionClassName() : t.getClass().getName());
        return cls + (t.getMessage() != null ? ": " + t.getMessage() : "");
    }

    /**
     * How an exception that escaped a thread cell code started reads: its class and message, then
     * the frames of cell code only, named by cell and line ({@link CellFrames}), with causes.
     */
    static String describeUncaught(Thread thread, Throwable e) {
        String plain = Reasons.explain(e);
        return "Exception in thread \"" + thread.getName() + "\" " + String.join("\n", CellFrames.trace(e, Throwable::toString)) + "\n"
                + (plain == null ? "" : plain + "\n");
    }

    /** The class's simple name; a class a cell declared ({@code REPL.$JShell$12$Oops}) by its own name ({@code Oops}). */
    private static String simpleName(String className) {
        if (className == null) {
            return "Exception";
        }
        String named = CellFrames.className(className);
        return named.substring(named.lastIndexOf('.') + 1);
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

    /**
     * Signatures and Javadoc of what is at {@code cursor}, or an empty list. As in IPython, a name
     * the cursor is in or just after is documented ({@code Thread.sleep|}, {@code s.length|}):
     * JShell documents a method only inside its parentheses, so the name is also asked about as
     * if they followed it, then as it stands (a variable, a field, a type).
     */
    synchronized List<String> documentation(String code, int cursor, boolean javadoc) {
        List<String> docs = documentationAt(code, cursor, javadoc);
        int end = nameEnd(code, cursor);
        if (!docs.isEmpty() || end < 0) {
            return docs;
        }
        docs = documentationAt(code.substring(0, end) + "(", end + 1, javadoc);
        return docs.isEmpty() ? documentationAt(code.substring(0, end), end, javadoc) : docs;
    }

    /** Where the Java name that {@code cursor} is in, or just after, ends; -1 when there is none. */
    static int nameEnd(String code, int cursor) {
        int at = Math.max(0, Math.min(cursor, code.length()));
        int start = at;
        while (start > 0 && Character.isJavaIdentifierPart(code.charAt(start - 1))) {
            start--;
        }
        int end = at;
        while (end < code.length() && Character.isJavaIdentifierPart(code.charAt(end))) {
            end++;
        }
        return end > start && Character.isJavaIdentifierStart(code.charAt(start)) ? end : -1;
    }

    private List<String> documentationAt(String code, int cursor, boolean javadoc) {
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
        List<Chunk> chunks = split(code);
        if (chunks.isEmpty() || chunks.get(chunks.size() - 1).complete()) {
            return "complete";
        }
        return switch (chunks.get(chunks.size() - 1).completeness()) {
            case DEFINITELY_INCOMPLETE, CONSIDERED_INCOMPLETE -> "incomplete";
            default -> "invalid";
        };
    }

    /** Where the snippet that contains {@code cursor} begins. */
    private int snippetStart(String code, int cursor) {
        List<Chunk> chunks = split(code.substring(0, Math.min(cursor, code.length())));
        return chunks.isEmpty() ? 0 : chunks.get(chunks.size() - 1).offset();
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
