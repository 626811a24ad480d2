package org.threadlab.bench;

/**
 * Amdahl's law fitted to measured times: T(n) = T1·(f + (1-f)/p(n)), where f is the serial
 * fraction, T1 the one-thread time, and p(n) = min(n, cores) the threads that can actually run at
 * once (threads beyond the core count add no parallelism, so they are not held against f).
 *
 * <pre>{@code
 * AmdahlFit fit = AmdahlFit.fit(new int[] {1, 2, 4}, new double[] {100, 55, 32.5}, 8);
 * fit.serialFraction();   // 0.1
 * fit.speedup(8);         // 1 / (0.1 + 0.9/8) = 4.7
 * }</pre>
 *
 * <p>Method: ordinary least squares on the times (not on speedups), which is linear in
 * x = 1/p(n): T = a + b·x, so a = T1·f and b = T1·(1-f), giving f = a/(a+b). Fitting times
 * rather than speedups does not single out the one-thread run: every point counts, weighted by
 * its time. If the unconstrained f falls outside [0, 1] (super-linear or slower-with-threads
 * data), the fit is redone with f pinned to the nearer bound. {@link #rSquared()} is the
 * coefficient of determination of the final model on the times. No fit is made from fewer than
 * {@value #MIN_COUNTS} distinct p(n): through two points the two-parameter model passes exactly
 * (R² = 1) whatever the data, so its f, and above all its limit 1/f, would be noise;
 * {@link #whyNot} says so in words.
 *
 * <p>Thread-safety: an immutable value.
 *
 * @param serialFraction f in [0, 1]
 * @param t1 fitted one-thread time, in the unit of the input times
 * @param rSquared fit quality on the times, 1 = perfect; NaN when the times do not vary
 * @param cores the core count used for p(n)
 * @param points how many (n, time) pairs were fitted
 */
public record AmdahlFit(double serialFraction, double t1, double rSquared, int cores, int points) {
    /** The fewest distinct effective thread counts min(n, cores) a fit is made from. */
    public static final int MIN_COUNTS = 3;

    /**
     * Fits medians {@code times[i]} measured with {@code threads[i]} threads.
     *
     * @return the fit, or {@code null} when fewer than {@value #MIN_COUNTS} distinct min(n, cores)
     *     exist (see {@link #whyNot})
     */
    public static AmdahlFit fit(int[] threads, double[] times, int cores) {
        if (threads.length != times.length) {
            throw new IllegalArgumentException("threads and times differ in length");
        }
        int m = threads.length;
        double[] x = new double[m];
        for (int i = 0; i < m; i++) {
            if (threads[i] < 1) {
                throw new IllegalArgumentException("thread counts must be positive, not " + threads[i]);
            }
            x[i] = 1.0 / Math.min(threads[i], Math.max(1, cores));
        }
        if (java.util.Arrays.stream(x).distinct().count() < MIN_COUNTS) {
            return null;
        }
        double sx = 0, sy = 0, sxx = 0, sxy = 0;
        for (int i = 0; i < m; i++) {
            sx += x[i];
            sy += times[i];
            sxx += x[i] * x[i];
            sxy += x[i] * times[i];
        }
        double b = (m * sxy - sx * sy) / (m * sxx - sx * sx);
        double a = (sy - b * sx) / m;
        if (a < 0 || b < 0) {
            // pin f to the nearer bound and refit the single remaining parameter
            if (b < 0 || a + b <= 0) {
                a = sy / m;            // f = 1: T = a
                b = 0;
            } else {
                a = 0;                 // f = 0: T = b·x
                b = sxy / sxx;
            }
        }
        double f = a / (a + b);
        double mean = sy / m;
        double ssRes = 0, ssTot = 0;
        for (int i = 0; i < m; i++) {
            double r = times[i] - (a + b * x[i]);
            ssRes += r * r;
            ssTot += (times[i] - mean) * (times[i] - mean);
        }
        double r2 = ssTot == 0 ? Double.NaN : 1 - ssRes / ssTot;
        return new AmdahlFit(f, a + b, r2, cores, m);
    }

    /**
     * Why {@link #fit} made no fit of these thread counts, in one sentence for the reader, e.g.
     * "needs three or more thread counts up to the core count, and threads 1, 2, 4 on 2 cores give
     * two (1, 2): two points fit any serial fraction exactly, so its limit would be noise".
     */
    public static String whyNot(int[] threads, int cores) {
        int c = Math.max(1, cores);
        int[] effective = java.util.Arrays.stream(threads).map(n -> Math.min(n, c)).distinct().sorted().toArray();
        String list = java.util.Arrays.stream(threads).mapToObj(Integer::toString)
                .collect(java.util.stream.Collectors.joining(", "));
        String used = java.util.Arrays.stream(effective).mapToObj(Integer::toString)
                .collect(java.util.stream.Collectors.joining(", "));
        String counted = effective.length == threads.length ? "" : " (" + used + ")";
        return "needs three or more thread counts up to the core count, and " + (threads.length == 1 ? "thread" : "threads")
                + " " + list + " on " + c + (c == 1 ? " core give " : " cores give ") + words(effective.length) + counted
                + (effective.length == 2 ? ": two points fit any serial fraction exactly, so its limit would be noise" : "");
    }

    private static String words(int n) {
        return n == 0 ? "none" : n == 1 ? "one" : n == 2 ? "two" : Integer.toString(n);
    }

    /** The modelled time with {@code n} threads. */
    public double time(double n) {
        return t1 * (serialFraction + (1 - serialFraction) / Math.min(n, cores));
    }

    /** The modelled speedup of {@code n} threads over one thread. */
    public double speedup(double n) {
        return t1 / time(n);
    }

    /** The speedup no thread count can exceed, 1/f (infinite when f = 0). */
    public double limit() {
        return 1 / serialFraction;
    }
}
