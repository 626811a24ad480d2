package org.threadlab.jupyter;

/**
 * A jjava-jupyter kernel that goes on starting after it has installed its extensions (ThreadLab's
 * own compiles its first JShell snippet meanwhile); {@link JJavaKernel#afterStartup} defers to it.
 */
public interface StartsInBackground {
    /** Runs {@code work} once the kernel's own start-up is done, or now if it is. */
    void afterStartup(Runnable work);
}
