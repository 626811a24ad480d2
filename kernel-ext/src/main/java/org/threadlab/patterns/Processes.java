package org.threadlab.patterns;

import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.threadlab.text.Durations;

/**
 * The source's multiprocessing answer in Java: the split sum in separate JVMs started with
 * {@code ProcessBuilder}, and what a process costs against a thread.
 *
 * <pre>{@code
 * Processes.ProcessSum p = Processes.sumInChildJvms(1_000_000_000L, 2, Duration.ofSeconds(60));
 * Processes.StartupCost c = Processes.startupCost(3);
 * System.out.println(c.summary());   // a JVM: tens of ms; a thread: tens of µs
 * }</pre>
 *
 * <p>Python needs processes to use several cores for CPU-bound work (the GIL); Java threads
 * already do, so a child JVM only adds its start-up (class loading, a cold JIT) and a pipe for
 * the result. Processes earn their cost for isolation: a crash, a {@code System.exit} or a
 * memory leak stays in the child.
 *
 * <p>Children run the same {@code java} as this JVM with this JVM's class path, main class
 * {@link SumProcessMain}; their output and error go to temporary files (no pipe can fill up
 * and stall them) and are read after they exit. A child still running at the deadline is
 * killed and a {@link TimeoutException} thrown.
 *
 * <p>Thread-safety: every method is self-contained and may be called concurrently.
 */
public final class Processes {

    /** One child JVM: its sub-range, partial sum, exit code, wall time from start to exit, and whatever it wrote to stderr. */
    public record Child(long pid, long low, long high, long partial, int exitCode, Duration wall, String stderr) {
    }

    /** A split sum done by child JVMs. */
    public record ProcessSum(long total, Duration elapsed, List<Child> children) {
    }

    /** Min / median / max of a few timings. */
    public record Spread(Duration min, Duration median, Duration max) {
        static Spread of(List<Duration> samples) {
            List<Duration> sorted = samples.stream().sorted().toList();
            return new Spread(sorted.get(0), sorted.get(sorted.size() / 2), sorted.get(sorted.size() - 1));
        }

        @Override
        public String toString() {
            return Durations.format(median) + " (min " + Durations.format(min) + ", max " + Durations.format(max) + ")";
        }
    }

    /** Start-to-finish cost of a JVM that does nothing against a thread that does nothing, over {@code samples} runs each. */
    public record StartupCost(int samples, Spread jvm, Spread thread) {
        public String summary() {
            return "start and wait for an empty child JVM: " + jvm + "\nstart and join an empty thread: " + thread
                    + "\n(" + samples + " runs each, one after another)";
        }
    }

    /** The same CPU-bound sum in child JVMs and in threads of this JVM. */
    public record Comparison(ProcessSum processes, SplitSumVariants.Sum threads) {
        public String summary() {
            return processes.children().size() + " child JVMs: " + Durations.format(processes.elapsed()) + "; "
                    + threads.parts().size() + " threads: " + Durations.format(threads.elapsed()) + " (same sum: "
                    + (processes.total() == threads.total()) + ")";
        }
    }

    private Processes() {
    }

    /**
     * Sums {@link SplitSumVariants#term} over {@code [0, n)} in {@code processes} child JVMs
     * running at once, one contiguous sub-range each, and adds their printed partial sums.
     */
    public static ProcessSum sumInChildJvms(long n, int processes, Duration timeout)
            throws IOException, InterruptedException, TimeoutException {
        if (processes < 1) {
            throw new IllegalArgumentException("processes must be at least 1, got " + processes);
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        long start = System.nanoTime();
        List<Launched> launched = new ArrayList<>();
        try {
            for (int k = 0; k < processes; k++) {  // start them all before waiting for any
                long low = n * k / processes;
                long high = n * (k + 1) / processes;
                launched.add(Launched.start(low, high, String.valueOf(low), String.valueOf(high)));
            }
            List<Child> children = new ArrayList<>();
            long total = 0;
            for (Launched l : launched) {
                Child c = l.await(deadline);
                children.add(c);
                total += c.partial();
            }
            return new ProcessSum(total, Duration.ofNanos(System.nanoTime() - start), children);
        } finally {
            launched.forEach(Launched::discard); // kills any child left behind by a timeout or error
        }
    }

    /** Starts and waits for {@code samples} empty child JVMs, then {@code samples} empty threads, one at a time. */
    public static StartupCost startupCost(int samples) throws IOException, InterruptedException, TimeoutException {
        if (samples < 1) {
            throw new IllegalArgumentException("samples must be at least 1, got " + samples);
        }
        List<Duration> jvm = new ArrayList<>();
        for (int i = 0; i < samples; i++) {
            Launched l = Launched.start(0, 0);
            try {
                jvm.add(l.await(System.nanoTime() + TimeUnit.SECONDS.toNanos(30)).wall());
            } finally {
                l.discard();
            }
        }
        List<Duration> thread = new ArrayList<>();
        for (int i = 0; i < samples; i++) {
            long t0 = System.nanoTime();
            Thread.ofPlatform().name("empty-" + i).start(() -> { }).join();
            thread.add(Duration.ofNanos(System.nanoTime() - t0));
        }
        return new StartupCost(samples, Spread.of(jvm), Spread.of(thread));
    }

    /** The same sum over {@code [0, n)} by {@code workers} child JVMs, then by {@code workers} threads. */
    public static Comparison compare(long n, int workers, Duration timeout)
            throws IOException, InterruptedException, TimeoutException, ExecutionException {
        ProcessSum processes = sumInChildJvms(n, workers, timeout);
        SplitSumVariants.Sum threads = SplitSumVariants.withExecutor(n, workers);
        return new Comparison(processes, threads);
    }

    /** A started child JVM and the files its output goes to. */
    private record Launched(Process process, long low, long high, long startNanos, Path out, Path err) {

        static Launched start(long low, long high, String... args) throws IOException {
            List<String> command = new ArrayList<>(List.of(javaExecutable(),
                    "-XX:+UseSerialGC", "-Xmx64m", // small children: this machine is shared
                    "-cp", classPath(), SumProcessMain.class.getName()));
            command.addAll(List.of(args));
            Path out = Files.createTempFile("threadlab-child-", ".out");
            Path err = Files.createTempFile("threadlab-child-", ".err");
            long t0 = System.nanoTime();
            Process p = new ProcessBuilder(command)
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile())
                    .start();
            return new Launched(p, low, high, t0, out, err);
        }

        Child await(long deadlineNanos) throws IOException, InterruptedException, TimeoutException {
            long left = deadlineNanos - System.nanoTime();
            if (!process.waitFor(Math.max(0, left), TimeUnit.NANOSECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS); // gone before we say so
                throw new TimeoutException("child JVM " + process.pid() + " (sum of [" + low + ", " + high
                        + ")) did not finish in time and was killed");
            }
            Duration wall = Duration.ofNanos(System.nanoTime() - startNanos);
            String stdout = Files.readString(out, StandardCharsets.UTF_8).strip();
            String stderr = Files.readString(err, StandardCharsets.UTF_8).strip();
            if (process.exitValue() != 0) {
                throw new IOException("child JVM " + process.pid() + " exited with " + process.exitValue()
                        + (stderr.isEmpty() ? "" : ": " + stderr));
            }
            long partial = stdout.isEmpty() ? 0 : Long.parseLong(stdout);
            return new Child(process.pid(), low, high, partial, process.exitValue(), wall, stderr);
        }

        void discard() {
            process.destroyForcibly();
            try {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            } catch (IOException e) {
                // a temp file left behind is harmless
            }
        }
    }

    /** The {@code java} running this JVM, so children match it exactly. */
    static String javaExecutable() {
        return ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    /**
     * Where {@link SumProcessMain} was loaded from, then this JVM's class path: in a notebook the
     * extension may be loaded by its own class loader, so {@code java.class.path} alone can miss it.
     */
    static String classPath() {
        String own;
        try {
            own = Path.of(SumProcessMain.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (URISyntaxException | NullPointerException | SecurityException e) {
            own = null;
        }
        String inherited = System.getProperty("java.class.path", "");
        if (own == null) {
            return inherited;
        }
        return inherited.isEmpty() ? own : own + File.pathSeparator + inherited;
    }
}
