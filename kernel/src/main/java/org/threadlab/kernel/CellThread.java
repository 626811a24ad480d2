package org.threadlab.kernel;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.TimeUnit;

/**
 * The thread one cell's code runs in: its snippets are handed over one at a time and run in
 * order. It is a non-daemon platform thread, as a program's main thread is, so threads that
 * cell code starts are non-daemon by default, as they would be in a plain Java program.
 *
 * <p>Thread-safety: {@link #run} is called by one thread at a time (JShell evaluates snippets
 * one after another); {@link #retire()} from any thread.
 */
final class CellThread {
    private static final Runnable RETIRE = () -> { };

    private final SynchronousQueue<Runnable> work = new SynchronousQueue<>();
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
                next = work.poll(1, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                continue; // a stop interrupts cell threads; this one waits for the next snippet
            }
            if (next == null || next == RETIRE) {
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
        if (!work.offer(task, 10, TimeUnit.SECONDS)) {
            throw new IllegalStateException(thread.getName() + " is not taking work");
        }
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
        work.offer(RETIRE); // taken at once when the thread is idle, as it is between cells
    }
}
