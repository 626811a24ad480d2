package org.threadlab.record;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Times reading a recorder's JFR dump with {@code RecordingFile} (the old path, now the fallback)
 * and with {@link JfrChunkParser} (through {@link JfrEventReader#read}, file read included),
 * alternating the two in one JVM after a warm-up, on an empty recording and on one of 10,000
 * (or {@code sleepers}) virtual threads sleeping 1 ms. Prints the first (cold) read of each, then
 * medians with min–max. Not a unit test; the numbers depend on the machine's load.
 *
 * <p>Run from the repository root (JDK 25 on PATH):
 * <pre>
 * mvn -B -q -pl kernel-ext test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt -Dmdep.includeScope=test
 * java -cp kernel-ext/target/classes:kernel-ext/target/test-classes:$(cat kernel-ext/target/cp.txt) org.threadlab.record.JfrReadBenchmark [rounds] [sleepers]
 * </pre>
 */
public final class JfrReadBenchmark {
    private static final ThreadWindow ALL = new ThreadWindow(0, -1, Set.of());

    private interface Read {
        ThreadEvents read(Path file) throws Exception;
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 40;
        int sleeperCount = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
        Path dir = Files.createTempDirectory("jfrread");
        Path empty = record(dir.resolve("empty.jfr"), 0);
        Path sleepers = record(dir.resolve("sleepers.jfr"), sleeperCount);
        Read old = f -> JfrEventReader.readWithRecordingFile(f, ALL);
        Read fast = f -> JfrEventReader.read(f, ALL);
        System.out.printf(Locale.ROOT, "first read: RecordingFile %.2f ms, new %.2f ms (parses metadata)%n",
                ms(old, empty), ms(fast, empty));
        for (Path f : List.of(empty, sleepers)) {
            ThreadEvents a = old.read(f);
            ThreadEvents b = JfrChunkParser.read(Files.readAllBytes(f), ALL); // throws if it would fall back
            if (a.states() != b.states() || a.starts().size() != b.starts().size()) {
                throw new IllegalStateException("the readers disagree on " + f);
            }
            for (int i = 0; i < 10; i++) { // warm-up
                old.read(f);
                fast.read(f);
            }
            double[] oldMs = new double[rounds];
            double[] newMs = new double[rounds];
            for (int i = 0; i < rounds; i++) {
                oldMs[i] = ms(old, f);
                newMs[i] = ms(fast, f);
            }
            System.out.printf(Locale.ROOT, "%s (%d KB, %d state events, %d starts), %d rounds alternating:%n",
                    f.getFileName(), Files.size(f) / 1024, a.states(), a.starts().size(), rounds);
            System.out.println("  RecordingFile " + summary(oldMs));
            System.out.println("  new reader    " + summary(newMs));
            Files.delete(f);
        }
        Files.delete(dir);
    }

    /** A recorder-like recording of {@code sleepers} virtual threads sleeping 1 ms each. */
    private static Path record(Path file, int sleepers) throws Exception {
        try (jdk.jfr.Recording r = new jdk.jfr.Recording()) {
            Recorder.enableEvents(r);
            r.setToDisk(true);
            r.start();
            new MarkEvent().commit();
            List<Thread> threads = new ArrayList<>();
            for (int i = 0; i < sleepers; i++) {
                threads.add(Thread.ofVirtual().start(() -> RecorderTest.sleep(1)));
            }
            for (Thread t : threads) {
                t.join();
            }
            r.stop();
            r.dump(file);
        }
        return file;
    }

    private static double ms(Read read, Path file) throws Exception {
        long t0 = System.nanoTime();
        read.read(file);
        return (System.nanoTime() - t0) / 1e6;
    }

    private static String summary(double[] ms) {
        double[] s = ms.clone();
        Arrays.sort(s);
        double median = s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
        return String.format(Locale.ROOT, "median %.2f ms [%.2f–%.2f]", median, s[0], s[s.length - 1]);
    }
}
