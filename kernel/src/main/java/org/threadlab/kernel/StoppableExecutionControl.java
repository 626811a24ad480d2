package org.threadlab.kernel;

import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import jdk.jshell.execution.LocalExecutionControl;

/**
 * Runs snippets in the kernel's JVM and can stop runaway cell code in any thread.
 *
 * <p>{@link LocalExecutionControl} (JDK 20+) weaves a call to {@code REPL.$Cancel$.stopCheck()}
 * into every snippet method at entry and before each backward branch; the check throws
 * {@code ThreadDeath} once the static flag {@code allStop} is set. The stock control sets that
 * flag only while a snippet's main thread runs and clears it when the next snippet starts.
 * This subclass keeps the weaving but owns the lifecycle:
 * <ul>
 *   <li>{@link #stop()} works also between cells, so a busy loop left running in a thread that
 *       an earlier cell started is stopped too;</li>
 *   <li>each cell's snippets run one after another in one fresh thread ({@code cell-N}, like
 *       Python's main thread: one lane in a recording), whose thread group collects the platform
 *       threads it starts, so a stop can interrupt them;</li>
 *   <li>the value of an expression snippet is kept as an object ({@link #takeLastValue()}),
 *       not only as the string JShell reports, so the kernel can render it;</li>
 *   <li>cell classes load with {@code System.exit} redirected to {@link SystemExit}
 *       ({@link #load}), so a cell cannot end the kernel that way.</li>
 * </ul>
 *
 * <p>Thread-safety: {@link #stop()} may be called from any thread; snippets are invoked by one
 * thread at a time (JShell's contract).
 */
final class StoppableExecutionControl extends LocalExecutionControl {
    private static final String CANCEL_CLASS = "REPL.$Cancel$";

    private final AtomicInteger cellThreads = new AtomicInteger();
    /** Thread groups of recent cells: a stop interrupts every live platform thread in them. */
    private final List<ThreadGroup> cellGroups = new ArrayList<>();
    private volatile Field allStop;
    private volatile boolean stopped;
    /** Set by an interrupt during a cell: later snippets of that cell do not run at all. */
    private volatile boolean cancelled;
    private volatile boolean exitGuardOffReported;
    private Object lastValue;
    private CellThread cellThread;

    StoppableExecutionControl() {
        super();
    }

    /**
     * Loads a cell's classes with their {@code System.exit} and {@code Runtime.exit} calls
     * redirected to {@link SystemExit} ({@link ExitCallRewriter}); the stock load then weaves in
     * the stop checks. JShell redefines nothing in this control: a changed class is loaded anew.
     */
    @Override
    public void load(ClassBytecodes[] classes) throws ClassInstallException, NotImplementedException, EngineTerminationException {
        ClassBytecodes[] guarded = new ClassBytecodes[classes.length];
        for (int i = 0; i < classes.length; i++) {
            guarded[i] = new ClassBytecodes(classes[i].name(), exitsGuarded(classes[i].bytecodes()));
        }
        super.load(guarded);
    }

    private byte[] exitsGuarded(byte[] classFile) {
        try {
            return ExitCallRewriter.rewrite(classFile);
        } catch (IllegalArgumentException unreadable) {
            // a JDK newer than ASM knows: run the cell, and say once (in it) what is not guarded
            if (!exitGuardOffReported) {
                exitGuardOffReported = true;
                System.err.println("threadlab: System.exit in cell code will end the kernel on this JDK: "
                        + "the kernel's ASM cannot read its class files (" + unreadable.getMessage() + ")");
            }
            return classFile;
        }
    }

    /** A no-op "snippet" the stock invoke runs once, so it defines the cancel class for us. */
    public static void noop() {
    }

    /**
     * Defines JShell's cancel class now: the stock invoke that does it starts a thread, which
     * would otherwise appear in the first cell's recording.
     */
    void prepare() {
        try {
            allStop();
        } catch (Exception e) {
            throw new IllegalStateException("JShell's stop flag is not available: " + e, e);
        }
    }

    private Field allStop() throws Exception {
        Field f = allStop;
        if (f == null) {
            Method noop = StoppableExecutionControl.class.getDeclaredMethod("noop");
            noop.setAccessible(true);
            super.invoke(noop);
            f = findClass(CANCEL_CLASS).getDeclaredField("allStop");
            f.setAccessible(true);
            allStop = f;
        }
        return f;
    }

    @Override
    protected String invoke(Method doitMethod) throws Exception {
        Field stopFlag = allStop();
        lastValue = null;
        if (cancelled) {
            stopped = true;
            throw new StoppedException();
        }
        stopFlag.setBoolean(null, false);
        stopped = false;

        Callable<Object> snippet = () -> {
            try {
                return doitMethod.invoke(null);
            } catch (InvocationTargetException e) {
                if (isStop(e.getCause())) {
                    stopped = true;
                    return null;
                }
                throw e;
            } catch (Throwable t) {
                if (isStop(t)) {
                    stopped = true;
                    return null;
                }
                throw t instanceof Exception ex ? ex : new InvocationTargetException(t);
            }
        };
        Object value;
        try {
            value = cellThread(doitMethod.getDeclaringClass().getClassLoader()).run(snippet);
        } catch (InterruptedException e) {
            // the caller gave up waiting (e.g. a recorder's timeout): stop the cell's code too
            Thread.currentThread().interrupt();
            stop();
            throw new StoppedException();
        }
        if (stopped) {
            throw new StoppedException();
        }
        lastValue = value;
        return valueString(value);
    }

    /** The thread that runs this cell's snippets: created at the cell's first snippet, by the cell's caller. */
    private synchronized CellThread cellThread(ClassLoader loader) {
        if (cellThread == null || !cellThread.isAlive()) {
            cellThread = new CellThread(newCellGroup(), "cell-" + cellThreads.incrementAndGet(), loader);
        }
        return cellThread;
    }

    private ThreadGroup newCellGroup() {
        ThreadGroup group = new ThreadGroup("threadlab-cells") {
            @Override
            public void uncaughtException(Thread t, Throwable e) {
                if (!isStop(e)) {
                    super.uncaughtException(t, e);
                }
            }
        };
        synchronized (cellGroups) {
            cellGroups.removeIf(g -> g.activeCount() == 0);
            cellGroups.add(group);
        }
        return group;
    }

    static boolean isStop(Throwable t) {
        return t != null && t.getClass().getName().equals("java.lang.ThreadDeath");
    }

    /** Forgets the outcome of the previous snippet; call before each {@code JShell.eval}. */
    void beforeSnippet() {
        stopped = false;
        lastValue = null;
    }

    /** Whether the running cell was interrupted. */
    boolean isCancelled() {
        return cancelled;
    }

    /** Whether the last invocation ended because of {@link #stop()}. */
    boolean wasStopped() {
        return stopped;
    }

    /** The value of the last invoked snippet (null for statements), then forgets it. */
    Object takeLastValue() {
        Object v = lastValue;
        lastValue = null;
        return v;
    }

    /**
     * Stops cell code everywhere: every thread executing snippet code throws {@code ThreadDeath}
     * at its next stop check, and the platform threads cells started are interrupted (which ends
     * sleeps, waits and joins). The flag stays set until the next cell starts.
     */
    @Override
    public void stop() {
        Field f = allStop;
        if (f == null) {
            return;
        }
        try {
            f.setBoolean(null, true);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("cannot set the JShell stop flag", e);
        }
        List<ThreadGroup> groups;
        synchronized (cellGroups) {
            groups = new ArrayList<>(cellGroups);
        }
        for (ThreadGroup g : groups) {
            Thread[] threads = new Thread[g.activeCount() + 8];
            int n = g.enumerate(threads, true);
            for (int i = 0; i < n; i++) {
                threads[i].interrupt();
            }
        }
    }

    /** Stops the running cell and keeps its remaining snippets from running. */
    void cancel() {
        cancelled = true;
        stop();
    }

    /** A new cell starts: earlier interrupts no longer apply to it, and it gets its own thread. */
    synchronized void beginCell() {
        cancelled = false;
        if (cellThread != null) {
            cellThread.retire();
            cellThread = null;
        }
    }
}
