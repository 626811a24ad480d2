package org.threadlab.kernel;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicLong;
import org.dflib.jjava.jupyter.channels.ShellReplyEnvironment;
import org.dflib.jjava.jupyter.kernel.BaseKernel;
import org.dflib.jjava.jupyter.kernel.HelpLink;
import org.dflib.jjava.jupyter.kernel.LanguageInfo;
import org.dflib.jjava.jupyter.kernel.ReplacementOptions;
import org.dflib.jjava.jupyter.kernel.comm.CommManager;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.kernel.display.Renderer;
import org.dflib.jjava.jupyter.kernel.display.mime.MIMEType;
import org.dflib.jjava.jupyter.kernel.magic.MagicParser;
import org.dflib.jjava.jupyter.kernel.magic.MagicTranspiler;
import org.dflib.jjava.jupyter.kernel.magic.MagicsRegistry;
import org.dflib.jjava.jupyter.kernel.magic.UndefinedMagicException;
import org.dflib.jjava.jupyter.kernel.util.StringStyler;
import org.dflib.jjava.jupyter.kernel.util.TextColor;
import org.dflib.jjava.jupyter.messages.Header;
import org.dflib.jjava.jupyter.messages.Message;
import org.dflib.jjava.jupyter.kernel.history.HistoryEntry;
import org.dflib.jjava.jupyter.kernel.history.HistoryManager;
import org.dflib.jjava.jupyter.messages.request.HistoryRequest;
import org.dflib.jjava.jupyter.messages.request.KernelInfoRequest;
import java.util.EnumSet;
import java.util.Set;
import org.dflib.jjava.jupyter.messages.publish.PublishDisplayData;
import org.dflib.jjava.jupyter.messages.publish.PublishError;
import org.dflib.jjava.jupyter.messages.publish.PublishExecuteInput;
import org.dflib.jjava.jupyter.messages.publish.PublishExecuteResult;
import org.dflib.jjava.jupyter.messages.reply.ErrorReply;
import org.dflib.jjava.jupyter.messages.reply.ExecuteReply;
import org.dflib.jjava.jupyter.messages.request.ExecuteRequest;
import org.threadlab.jupyter.StartsInBackground;

/**
 * The ThreadLab Java kernel: JShell in the kernel's own JVM on jjava-jupyter's protocol layer.
 *
 * <p>What it adds to a plain JShell kernel, for notebooks about threads:
 * <ul>
 *   <li>an interrupt stops busy loops in the cell and in every thread running cell code
 *       ({@link StoppableExecutionControl}), also after the cell that started them ended;</li>
 *   <li>what a thread prints goes to the cell that started it ({@link OutputRouter}), and a cell
 *       cannot mute later ones ({@link StandardStreams});</li>
 *   <li>{@code System.exit} in cell code fails the cell instead of ending the kernel
 *       ({@link SystemExit});</li>
 *   <li>errors show the user's own frames, named by cell and line ({@link JShellEvaluator}).</li>
 * </ul>
 * Extensions load from {@code META-INF/services/org.dflib.jjava.jupyter.Extension} on the
 * classpath at start, and from jars added later with {@code %jars}.
 *
 * <p>Thread-safety: requests on the shell channel are handled one at a time; {@link #interrupt()}
 * comes from the control channel's thread. An interrupt that arrives after an execute request but
 * before its cell starts (the request waits while start-up holds the kernel) cancels that cell.
 */
public final class ThreadLabKernel extends BaseKernel implements StartsInBackground {
    /**
     * {@code -Dthreadlab.jshellWarmUp=false}: JShell compiles no throwaway first snippet at start.
     * That snippet helps only a kernel that waits for its first request; the headless grader runs
     * its first cell at once, so it would pay for two compilations instead of one.
     */
    public static final String JSHELL_WARM_UP_PROPERTY = "threadlab.jshellWarmUp";

    /** The kernel ships with, and is versioned as, the ThreadLab extension. */
    static final String VERSION = org.threadlab.ThreadLab.version();

    /**
     * JShell, started (and its first compilation done) in the background ({@link #startInBackground}),
     * so the kernel answers kernel_info meanwhile; {@link #onStartup()} waits for it, holding the kernel.
     */
    private final CompletableFuture<JShellEvaluator> jshell = new CompletableFuture<>();
    private final OutputRouter router;
    private final StandardStreams streams;
    private final KernelIO kernelIO;
    private final MemoryHistory history;
    private final PrintStream log;
    private volatile Cell current;
    /** Interrupt requests so far: a cell compares the count from its request's arrival with the count at its start. */
    private final AtomicLong interrupts = new AtomicLong();
    private volatile int currentCount;
    /** The running cell's text: code a magic makes from it names that cell's lines in errors. */
    private volatile String currentCell;
    /** While extensions install at start-up: the imports they asked for, not yet evaluated. */
    private List<String> startupImports;
    /** Done when the extensions found at start-up are installed. */
    private final CompletableFuture<Void> extensionsInstalled = new CompletableFuture<>();
    /** The imports extensions asked for at start-up, which JShell's start-up evaluates with its defaults. */
    private final CompletableFuture<List<String>> extensionImports = new CompletableFuture<>();
    /** Work waiting for start-up ({@link #afterStartup}); guarded by itself. */
    private final List<Runnable> afterStartup = new ArrayList<>();
    /** Whether that work has been started; set under the afterStartup lock. */
    private volatile boolean startedUp;
    /** Whether an execute request has arrived: then JShell's start-up compiles no throwaway snippet. */
    private volatile boolean requestArrived;
    /** When the last execute request arrived or its cell ended ({@link System#nanoTime()}), for {@link #awaitIdle}. */
    private volatile long lastCellNanos = System.nanoTime() - IDLE_NANOS;

    private ThreadLabKernel(KernelIO io, MemoryHistory history, MagicsRegistry magics, PrintStream log) {
        super("ThreadLab", VERSION,
                new LanguageInfo.Builder("java")
                        .version(Runtime.version().toString())
                        .mimetype("text/x-java-source")
                        .fileExtension(".jshell")
                        .pygments("java")
                        .codemirror("text/x-java")
                        .build(),
                List.of(new HelpLink("Java API", "https://docs.oracle.com/en/java/javase/21/docs/api/")),
                history, io, new CommManager(), new Renderer(),
                new MagicParser("(?<=(?:^|=))\\s*%", "%%", new MagicTranspiler()),
                magics, true,
                new StringStyler.Builder()
                        .addPrimaryStyle(TextColor.BOLD_RESET_FG)
                        .addSecondaryStyle(TextColor.BOLD_RED_FG)
                        .addHighlightStyle(TextColor.BOLD_RESET_FG)
                        .build());
        this.kernelIO = io;
        this.history = history;
        this.log = log;
        this.router = new OutputRouter(log);
        this.streams = new StandardStreams(router.out, router.err, io.in);
        Thread.setDefaultUncaughtExceptionHandler((t, e) -> {
            if (!StoppableExecutionControl.isStop(e)) {
                System.err.print(JShellEvaluator.describeUncaught(t, e));
            }
        });
        JarsMagic jars = new JarsMagic();
        magics.registerLineMagic("jars", jars);
        magics.registerLineMagic("classpath", jars);
        magics.registerLineMagic("lsmagic", new LsMagic());
    }

    /**
     * Starts the kernel's slow start-up on threads of their own, so the kernel answers kernel_info
     * meanwhile: one installs the extensions (keeping the imports they ask for), the other builds
     * JShell and compiles its default imports with the extensions' as one snippet. Then, if no
     * request is waiting yet, it starts the work extensions left for after start-up
     * ({@link #afterStartup}) and compiles a throwaway snippet; if one is, its cell goes first.
     * {@link #onStartup()} waits for both threads.
     */
    private void startInBackground() {
        Thread.ofPlatform().name("threadlab-extensions").daemon().start(() -> {
            StartupTrace.t("installing extensions");
            startupImports = new ArrayList<>();
            Throwable failure = null;
            try {
                super.onStartup();
            } catch (Throwable e) {
                failure = e;
            }
            releaseStartupImports(); // before the completion, which publishes startupImports == null
            StartupTrace.t("extensions installed");
            if (failure == null) {
                extensionsInstalled.complete(null);
            } else {
                extensionsInstalled.completeExceptionally(failure);
            }
        });
        Thread.ofPlatform().name("threadlab-jshell-start").daemon().start(() -> {
            try {
                JShellEvaluator java = new JShellEvaluator(System.getProperty("java.class.path"),
                        extensionImports::join, this::extensionImportsFailed);
                // a request that already waits goes first: the warm-ups run after its cell, and
                // its cell warms JShell up itself, where a throwaway snippet would only delay it
                if (!requestArrived) {
                    runAfterStartup();
                    if (!"false".equals(System.getProperty(JSHELL_WARM_UP_PROPERTY))) {
                        java.warmUp();
                    }
                }
                StartupTrace.t("warmUp done");
                jshell.complete(java);
            } catch (Throwable e) {
                runAfterStartup(); // what waits for start-up must not wait for ever
                jshell.completeExceptionally(e);
            }
        });
    }

    /** JShell, once started: waits for the start-up that {@link #startInBackground} began. */
    private JShellEvaluator java() {
        try {
            return jshell.join();
        } catch (CompletionException e) {
            throw new IllegalStateException("JShell could not start: " + e.getCause(), e.getCause());
        }
    }

    /**
     * Waits, holding the kernel, until the extensions are installed and JShell has compiled its
     * start-up imports ({@link #startInBackground}); rethrows what installing the extensions threw.
     */
    @Override
    public void onStartup() {
        StartupTrace.t("onStartup: waiting for the extensions and JShell");
        try {
            extensionsInstalled.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
        java();
        StartupTrace.t("onStartup: done");
    }

    /** Hands the imports extensions asked for so far to JShell's start-up; later ones are evaluated at once. */
    private void releaseStartupImports() {
        List<String> imports = startupImports;
        startupImports = null;
        if (imports != null) {
            extensionImports.complete(List.copyOf(imports));
        }
    }

    private void extensionImportsFailed(CellException e) {
        log.println("threadlab: the imports extensions asked for at start-up do not compile, so cells do not see them: "
                + String.join(" ", plainTraceback(e)));
    }

    /**
     * Runs {@code work} once JShell's start-up imports are compiled, or now if they are: for
     * extensions' warm-ups, which would otherwise slow that first compilation down. If a request
     * came in meanwhile, the work waits for that request's cell to end; it then starts once the
     * kernel is idle ({@link #runAfterStartup}).
     */
    @Override
    public void afterStartup(Runnable work) {
        synchronized (afterStartup) {
            if (!startedUp) {
                afterStartup.add(work);
                return;
            }
        }
        work.run();
    }

    /**
     * Starts the work left for after start-up on a thread of its own, once the kernel is idle:
     * no cell running and none for {@link #IDLE_NANOS}, or at the latest {@link #MOST_DEFERRED_NANOS}
     * from now. On the shell thread, even starting it (class initialization of JFR and Java2D,
     * 100-200 ms cold) delayed the first cell's reply; run beside cells sent one after another, the
     * warm-ups' CPU and JIT work made each of them about 10 ms slower.
     */
    private void runAfterStartup() {
        List<Runnable> work;
        synchronized (afterStartup) {
            startedUp = true;
            work = List.copyOf(afterStartup);
            afterStartup.clear();
        }
        if (work.isEmpty()) {
            return;
        }
        Thread.ofPlatform().name("threadlab-after-startup").daemon().start(() -> {
            awaitIdle(System.nanoTime() + MOST_DEFERRED_NANOS);
            for (Runnable w : work) {
                try {
                    w.run();
                } catch (RuntimeException e) {
                    log.println("threadlab: an extension's start-up work failed: " + e);
                }
            }
        });
    }

    /** How long without a cell the kernel counts as idle. */
    static final long IDLE_NANOS = 100_000_000;
    /** How long work waiting for idleness waits at most. */
    static final long MOST_DEFERRED_NANOS = 2_000_000_000L;

    private void awaitIdle(long deadline) {
        while (System.nanoTime() < deadline
                && (current != null || System.nanoTime() - lastCellNanos < IDLE_NANOS)) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Whether every non-blank line of {@code code} is one import ({@code import static a.b.*;}). */
    static boolean onlyImports(String code) {
        return !code.isBlank() && code.lines().allMatch(line -> line.isBlank()
                || IMPORT_LINE.matcher(line).matches());
    }

    private static final java.util.regex.Pattern IMPORT_LINE =
            java.util.regex.Pattern.compile("\\s*import\\s+(static\\s+)?[\\p{L}\\p{N}_$.]+(\\.\\*)?\\s*;\\s*");

    /** A kernel whose diagnostics (never cell output) go to {@code log}, the process's stderr. */
    public static ThreadLabKernel create(PrintStream log) {
        ThreadLabKernel kernel = new ThreadLabKernel(new KernelIO(), new MemoryHistory(), new MagicsRegistry(), log);
        kernel.startInBackground();
        return kernel;
    }

    @Override
    protected void handleExecuteRequest(ShellReplyEnvironment env, Message<ExecuteRequest> message) {
        // counted before waiting for the kernel (start-up holds it): an interrupt from here on is
        // meant for this cell, even if it comes before the cell counts as running
        long interruptsBefore = interrupts.get();
        requestArrived = true;
        lastCellNanos = System.nanoTime();
        StartupTrace.t("execute_request arrived");
        synchronized (this) {
            StartupTrace.t("execute_request has the kernel");
            execute(env, message, interruptsBefore);
        }
    }

    private void execute(ShellReplyEnvironment env, Message<ExecuteRequest> message, long interruptsBefore) {
        commManager.setMessageContext(message);
        ExecuteRequest request = message.getContent();
        int count = request.isSilent() ? executionCount.get() : executionCount.getAndIncrement();
        env.setBusyDeferIdle();
        env.publish(new PublishExecuteInput(request.getCode(), count));

        Cell cell = new Cell(message, env.getIopub()::sendMessage);
        router.enter(cell);
        streams.beforeCell();
        kernelIO.attach(env, request.isStdinEnabled());
        java().control().beginCell();
        current = cell;
        currentCount = count;
        currentCell = request.getCode();
        if (interrupts.get() != interruptsBefore) {
            java().control().cancel(); // the interrupt came while the cell waited to start: it never runs
        }
        try {
            DisplayData out = eval(request.getCode());
            // an interrupt left on this thread (a recorder's timeout, a cancelled benchmark) must
            // not carry over into the next request
            Thread.interrupted();
            leave(cell);
            if (out != null && !request.isSilent()) {
                cell.publish(new PublishExecuteResult(count, out));
            }
            if (request.shouldStoreHistory()) {
                history.add(count, request.getCode(), out == null ? null : String.valueOf(out.getData(MIMEType.TEXT_PLAIN)));
            }
            env.defer().reply(new ExecuteReply(count, Collections.emptyMap()));
            StartupTrace.t("execute reply deferred");
        } catch (Exception | Error e) {
            // an Error too (out of memory in a magic, a cell's toString overflowing its stack):
            // it ends the cell, never the shell thread
            Thread.interrupted(); // as above
            leave(cell);
            if (request.shouldStoreHistory()) {
                history.add(count, request.getCode(), null);
            }
            CellException failure = asCellException(e);
            cell.publish(new PublishError(failure.name(), String.valueOf(failure.getMessage()), formatTraceback(failure)));
            ErrorReply reply = new ErrorReply(failure.name(), String.valueOf(failure.getMessage()), failure.traceback());
            reply.setExecutionCount(count);
            env.defer().replyError(ExecuteReply.MESSAGE_TYPE.error(), reply);
        } finally {
            current = null;
            lastCellNanos = System.nanoTime();
            kernelIO.detach(env);
            if (!startedUp) {
                runAfterStartup(); // what waited for start-up and then for this first cell
            }
        }
    }

    /** The cell's code is done: the streams it replaced are put back (it is told), and its output is sent. */
    private void leave(Cell cell) {
        streams.afterCell();
        router.leave(cell);
    }

    @Override
    protected void handleKernelInfoRequest(ShellReplyEnvironment env, Message<KernelInfoRequest> message) {
        StartupTrace.t("kernel_info request");
        env.setBusyDeferIdle();
        env.reply(new OkReplies.KernelInfo(Header.PROTOCOL_VERISON, name, version, getLanguageInfo(), getBanner(), getHelpLinks()));
    }

    @Override
    protected void handleHistoryRequest(ShellReplyEnvironment env, Message<HistoryRequest> message) {
        HistoryRequest request = message.getContent();
        env.setBusyDeferIdle();
        Set<HistoryManager.ResultFlag> flags = EnumSet.noneOf(HistoryManager.ResultFlag.class);
        if (request.includeOutput()) {
            flags.add(HistoryManager.ResultFlag.INCLUDE_OUTPUT);
        }
        List<HistoryEntry> entries = switch (request.getAccessType()) {
            case TAIL -> history.lookupTail(((HistoryRequest.Tail) request).getMaxReturnLength(), flags);
            case RANGE -> {
                HistoryRequest.Range r = (HistoryRequest.Range) request;
                yield history.lookupRange(r.getSessionIndex(), r.getStart(), r.getStop(), flags);
            }
            case SEARCH -> {
                HistoryRequest.Search s = (HistoryRequest.Search) request;
                if (s.filterUnique()) {
                    flags.add(HistoryManager.ResultFlag.UNIQUE);
                }
                yield history.search(s.getPattern(), s.getMaxReturnLength(), flags);
            }
        };
        env.reply(new OkReplies.History(entries));
    }

    /** What the user sees of any failure: no kernel frames, one readable line at least. */
    private CellException asCellException(Throwable e) {
        if (e instanceof CellException ce) {
            return ce;
        }
        if (StoppableExecutionControl.isStop(e)) {
            return JShellEvaluator.interrupted(); // a stop check in cell code the kernel called itself
        }
        Throwable t = e;
        // magics arrive wrapped (checked exceptions, or called from cell code); show the magic's own error
        while (t.getCause() != null && (t instanceof MagicFailure
                || (t.getMessage() != null && t.getMessage().startsWith("Exception occurred while running")))) {
            t = t.getCause();
        }
        if (t instanceof CellException ce) {
            return ce;
        }
        String name = t instanceof UndefinedMagicException ? "UndefinedMagic" : t.getClass().getSimpleName();
        String msg = t.getMessage() == null ? t.getClass().getName() : t.getMessage();
        if (!(t instanceof IllegalArgumentException || t instanceof UndefinedMagicException
                || t instanceof IllegalStateException || t instanceof java.util.concurrent.TimeoutException
                || t instanceof java.util.concurrent.CancellationException)) {
            log.println("threadlab: cell failed inside the kernel or an extension");
            t.printStackTrace(log);
        }
        return new CellException(name, msg, List.of());
    }

    private List<String> formatTraceback(CellException e) {
        List<String> plain = plainTraceback(e);
        List<String> lines = new ArrayList<>();
        lines.add(errorStyler.secondary(plain.get(0)));
        plain.subList(1, plain.size()).forEach(line -> lines.add(errorStyler.primary(line)));
        return lines;
    }

    /** "Name: message", then the traceback's lines without a repeat of that headline: the message shows once. */
    static List<String> plainTraceback(CellException e) {
        List<String> lines = new ArrayList<>();
        lines.add(e.name() + ": " + e.getMessage());
        List<String> trace = e.traceback();
        for (int i = 0; i < trace.size(); i++) {
            if (!(i == 0 && repeatsHeadline(trace.get(0), e))) {
                lines.add(trace.get(i));
            }
        }
        return lines;
    }

    /** Whether a traceback's first line is the exception's own headline, with its class named in full or not. */
    private static boolean repeatsHeadline(String line, CellException e) {
        String message = e.getMessage() == null ? "" : e.getMessage();
        String cls = line.endsWith(": " + message) ? line.substring(0, line.length() - message.length() - 2)
                : message.isEmpty() ? line : null;
        return cls != null && (cls.equals(e.name()) || cls.endsWith("." + e.name()) || cls.endsWith("$" + e.name()));
    }

    /**
     * Runs a cell: a leading {@code %%magic} gets the rest as its body; a cell of only
     * {@code %magic} lines runs each; anything else is Java, with inline line magics transpiled
     * ({@link MagicSyntax} says which parser reads which {@code %} line).
     */
    @Override
    public Object evalRaw(String code) {
        if (startupImports != null) {
            if (onlyImports(code)) {
                code.lines().filter(line -> !line.isBlank()).map(String::strip).forEach(startupImports::add);
                return null;
            }
            releaseStartupImports(); // an extension's other code may use what it imported before
        }
        if (java().control().isCancelled()) {
            throw JShellEvaluator.interrupted();
        }
        try {
            MagicSyntax cellMagic = MagicSyntax.cellMagic(code);
            if (cellMagic != null) {
                return magicsRegistry.evalCellMagic(this, cellMagic.name(), cellMagic.args(), cellMagic.body());
            }
            List<MagicSyntax> lineMagics = MagicSyntax.lineMagicsOnly(code);
            if (lineMagics != null) {
                Object last = null;
                for (MagicSyntax m : lineMagics) {
                    last = magicsRegistry.evalLineMagic(this, m.name(), m.args());
                }
                return last;
            }
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new MagicFailure(e);
        }
        return java().eval(currentCount, currentCell, magicParser.resolveMagics(code));
    }

    /**
     * Runs one cell without a Jupyter connection, as the batch grader does: what it prints goes
     * to the kernel's log stream, displays are dropped, errors are thrown.
     *
     * @param number the cell's number in error messages ("cell [3], line 7")
     */
    public Object evalHeadless(int number, String code) {
        currentCount = number;
        currentCell = code;
        streams.beforeCell();
        java().control().beginCell();
        return evalRaw(code);
    }

    /** What a failed cell shows the user, as plain text lines (no colours): "Name: message", then frames. */
    public List<String> describeFailure(Exception e) {
        return plainTraceback(asCellException(e));
    }

    @Override
    public void display(DisplayData data) {
        Cell cell = router.cellOfCurrentThread();
        if (cell != null) {
            cell.publish(new PublishDisplayData(data));
        }
    }

    @Override
    public DisplayData inspect(String code, int at, boolean extraDetail) {
        List<String> docs = java().documentation(MagicSyntax.blankCellMagicLine(code), at, true);
        if (docs.isEmpty()) {
            return null;
        }
        return new DisplayData(String.join("\n\n", docs));
    }

    @Override
    public ReplacementOptions complete(String code, int at) {
        int lineStart = code.lastIndexOf('\n', Math.max(0, at - 1)) + 1;
        String before = code.substring(lineStart, at);
        if (before.matches("\\s*%%?\\w*")) {
            String prefix = before.strip().replaceFirst("^%%?", "");
            boolean cell = before.strip().startsWith("%%");
            TreeSet<String> names = new TreeSet<>(cell ? magicsRegistry.getCellMagicNames() : magicsRegistry.getLineMagicNames());
            names.removeIf(n -> !n.startsWith(prefix));
            return new ReplacementOptions(new ArrayList<>(names), at - prefix.length(), at);
        }
        int[] anchor = new int[1];
        List<String> options = java().complete(MagicSyntax.blankCellMagicLine(code), at, anchor);
        return new ReplacementOptions(options, anchor[0], at);
    }

    @Override
    public String isComplete(String code) {
        if (code.stripLeading().startsWith("%")) {
            return IS_COMPLETE_YES;
        }
        return switch (java().completeness(code)) {
            case "complete" -> IS_COMPLETE_YES;
            case "incomplete" -> "    ";
            default -> IS_COMPLETE_BAD;
        };
    }

    /** Interrupt: stops the running cell, or, between cells, busy loops left in threads cells started. */
    @Override
    public void interrupt() {
        interrupts.incrementAndGet();
        JShellEvaluator java = jshell.getNow(null);
        if (java == null) {
            return; // still starting: no cell code runs yet, and a waiting cell sees the count
        }
        if (current != null) {
            java.control().cancel();
        } else {
            java.stop();
        }
    }

    @Override
    public void onShutdown(boolean isRestarting) {
        super.onShutdown(isRestarting);
        router.close();
        JShellEvaluator java = jshell.getNow(null);
        if (java != null) {
            java.stop();
            java.close();
        }
    }

    @Override
    public List<String> formatError(Throwable e) {
        return formatTraceback(e instanceof Exception ex ? asCellException(ex) : new CellException(e.getClass().getSimpleName(), e.getMessage(), List.of()));
    }

    /** Adds a jar or class folder to what cells compile and run against, and installs the extensions it declares. */
    void addToClasspath(String path) {
        java().addToClasspath(path);
        installExtensions(path);
    }

    /** A checked exception from a magic, carried through {@link #evalRaw}; reported as its cause. */
    private static final class MagicFailure extends RuntimeException {
        MagicFailure(Exception cause) {
            super(cause.getMessage(), cause);
        }
    }
}
