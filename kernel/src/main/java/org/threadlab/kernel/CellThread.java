package org.threadlab.kernel;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * The thread one cell's code runs in: its snippets are handed over one at a time and run in
 * order. It is a non-daemon platform thread, as a program's main thread is, so threads that
 * cell code starts are non-daemon by default, as they would be in a plain Java program.
 *
 * <p>Between snippets it waits without a timeout ({@code WAITING}), so a recorder that waits for the
 * threads a cell started to end can tell this idle thread from one still finishing.
 *
 * <p>Thread-safety: {@link #run} is called by one thread at a time (JShell evaluates snippets
 * one after another); {@link #retire()} from any thread.
 */
final class CellThread {
    private static final Runnable RETIRE = () -> { };

    private final LinkedBlockingQueue<Runnable> work = new LinkedBlockingQueue<>();
    private final Thread thread;
    private volatile boolean retired;

    CellThread(ThreadGroup group, String name, ClassLoader loader) {
        thread = new Thread(group, this::serve, name);
        thread.setDaemon(false);
        thread.setContextClassLoader(loader);
        thread.start();
    }

    private void serve() {
        while (!retired) {
            Runnable next;
            try {
                next = work.take();
            } catch (InterruptedException e) {
                continue; // a stop interrupts cell threads; this one waits for the next snippet
            }
            if (next == RETIRE) {
                continue;
            }
            Thread.interrupted(); // an interrupt meant for the previous snippet must not hit the next one
            next.run();
        }
    }

    boolean isAlive() {
        return thread.isAlive();
    }

    /** Runs {@code snippet} in this thread and returns its value; the caller waits. */
    Object run(Callable<Object> snippet) throws Exception {
        if (Thread.currentThread() == thread) {
            return snippet.call(); // cell code evaluating more cell code (eval(...) in a cell)
        }
        FutureTask<Object> task = new FutureTask<>(snippet);
        work.add(task);
        try {
            return task.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof Exception ex) {
                throw ex;
            }
            throw (Error) cause;
        }
    }

    /** Lets the thread end once it is idle. */
    void retire() {
        retired = true;
        work.add(RETIRE); // wakes the thread when idle, as it is between cells; else it sees retired after its snippet
    }
}
