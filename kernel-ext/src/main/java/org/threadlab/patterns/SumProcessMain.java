package org.threadlab.patterns;

/**
 * The child JVM's program for {@link Processes}: sums a sub-range and prints the partial sum
 * on one line of standard output. With no arguments it does nothing, which measures what
 * starting a JVM costs.
 *
 * <pre>{@code
 * java -cp threadlab-kernel-ext.jar org.threadlab.patterns.SumProcessMain 0 500000000
 * }</pre>
 */
public final class SumProcessMain {
    private SumProcessMain() {
    }

    public static void main(String[] args) {
        if (args.length == 0) {
            return; // the start-up probe: a JVM that starts and exits
        }
        if (args.length != 2) {
            System.err.println("usage: SumProcessMain LOW HIGH");
            System.exit(2);
        }
        long low = Long.parseLong(args[0]);
        long high = Long.parseLong(args[1]);
        System.out.println(SplitSumVariants.sumRange(low, high));
    }
}
