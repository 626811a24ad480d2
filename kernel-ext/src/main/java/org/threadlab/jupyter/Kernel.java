package org.threadlab.jupyter;

import java.util.List;

/**
 * What a ThreadLab magic uses of the kernel it runs in, and nothing more, so that the same magic
 * classes serve any Java kernel: {@link ThreadLabExtension} adapts jjava-jupyter's kernels (ThreadLab's
 * own, stock JJava), the {@code ijava-bridge} module IJava's.
 *
 * <pre>{@code
 * Object value = kernel.evalRaw("6 * 7");             // cell code, seeing the notebook's definitions
 * kernel.display(new DisplayData("shown under the cell"));
 * }</pre>
 *
 * <p>Thread-safety: as the kernel's; magics call it from the thread that runs the cell.
 */
public interface Kernel {
    /**
     * Runs {@code code} as cell code (declarations stay defined for later cells) and returns the
     * value of its last expression, or null.
     *
     * @throws RuntimeException if it does not compile, or what the code throws
     */
    Object evalRaw(String code);

    /** Shows {@code data} under the running cell. */
    void display(DisplayData data);

    /** Replaces the display whose id {@code data} carries in its transient data; nothing when no cell is running. */
    void updateDisplay(DisplayData data);

    /** Stops what cell code left running, as Kernel → Interrupt does, where this kernel can. */
    void interrupt();

    /** The kernel's name, as {@code %threadlab} shows it. */
    String getName();

    /** The kernel's version, as {@code %threadlab} shows it. */
    String getVersion();

    /**
     * Runs {@code work} once the kernel's own start-up is done, or now if it is or the kernel
     * cannot tell. Extensions start their warm-ups through it: started earlier, they take the CPU
     * that the kernel's first compilation needs.
     */
    default void afterStartup(Runnable work) {
        work.run();
    }

    /** What this kernel cannot do that a threading notebook relies on, one sentence each; {@code %threadlab} lists them. */
    default List<String> limitations() {
        return List.of();
    }
}
