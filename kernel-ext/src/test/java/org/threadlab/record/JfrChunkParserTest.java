package org.threadlab.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.locks.LockSupport;
import jdk.jfr.Name;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fast reader gives exactly what {@code RecordingFile} gives, on real recordings: every
 * start, end and state, to the nanosecond, with names and parents; and it refuses what it does
 * not know, so {@link JfrEventReader} falls back.
 */
class JfrChunkParserTest {
    /** Every thread is kept, so every event is compared. */
    private static final ThreadWindow ALL = new ThreadWindow(0, Thread.currentThread().threadId(), Set.of());

    private interface Body {
        void run() throws Exception;
    }

    /** Records {@code body} with the recorder's events and the start mark into {@code file}. */
    private static Path record(Path file, Body body) throws Exception {
        try (jdk.jfr.Recording r = new jdk.jfr.Recording()) {
            Recorder.enableEvents(r);
            r.start();
            new MarkEvent().commit();
            body.run();
            r.stop();
            r.dump(file);
        }
        return file;
    }

    /** Everything a {@link ThreadEvents} holds, as text that two equal readings share. */
    private static String describe(ThreadEvents ev) {
        StringBuilder s = new StringBuilder("mark ").append(ev.hasMark() ? ev.markEpochNs() : "none").append('\n');
        ev.starts().stream().sorted(Comparator.comparingLong(ThreadStart::id)).forEach(t -> s.append(t).append('\n'));
        s.append("ends ").append(new TreeMap<>(ev.ends())).append('\n');
        for (int i = 0; i < ev.states(); i++) {
            s.append(ev.stateThread(i)).append(' ').append(ev.state(i)).append(' ').append(ev.stateStartNs(i))
                    .append("..").append(ev.stateEndNs(i)).append('\n');
        }
        return s.toString();
    }

    /** Asserts both readers agree on {@code file} under {@code window}; returns the reading. */
    private static ThreadEvents assertSameAsRecordingFile(Path file, ThreadWindow window) throws IOException {
        ThreadEvents fast = JfrChunkParser.read(Files.readAllBytes(file), window);
        assertEquals(describe(JfrEventReader.readWithRecordingFile(file, window)), describe(fast));
        return fast;
    }

    private static ThreadStart startOf(ThreadEvents ev, Thread t) {
        return ev.starts().stream().filter(s -> s.id() == t.threadId()).findFirst().orElseThrow();
    }

    private static long statesOf(ThreadEvents ev, Thread t, ThreadState state) {
        long n = 0;
        for (int i = 0; i < ev.states(); i++) {
            if (ev.stateThread(i) == t.threadId() && ev.state(i) == state) {
                n++;
            }
        }
        return n;
    }

    @Test
    void platformThreadsSleepingParkingBlockedAndWaitingReadTheSame(@TempDir Path dir) throws Exception {
        Object monitor = new Object();
        List<Thread> threads = new ArrayList<>();
        Path file = record(dir.resolve("r.jfr"), () -> {
            CountDownLatch holding = new CountDownLatch(1);
            Thread holder = Thread.ofPlatform().name("holder").start(() -> {
                synchronized (monitor) {
                    holding.countDown();
                    RecorderTest.sleep(20);
                    try {
                        monitor.wait(2);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            });
            holding.await();
            Thread blocked = Thread.ofPlatform().name("blocked").start(() -> {
                synchronized (monitor) {
                    LockSupport.parkNanos(1_000_000);
                }
            });
            threads.add(holder);
            threads.add(blocked);
            holder.join();
            blocked.join();
        });
        ThreadEvents ev = assertSameAsRecordingFile(file, ALL);
        assertTrue(statesOf(ev, threads.get(0), ThreadState.SLEEPING) > 0, describe(ev));
        assertTrue(statesOf(ev, threads.get(0), ThreadState.WAITING) > 0, describe(ev));
        assertTrue(statesOf(ev, threads.get(1), ThreadState.BLOCKED) > 0, describe(ev));
        assertTrue(statesOf(ev, threads.get(1), ThreadState.WAITING) > 0, describe(ev));
        assertEquals("main", startOf(ev, threads.get(0)).group());
        assertSameAsRecordingFile(file, new ThreadWindow(threads.get(0).threadId(), -1, Set.of()));
    }

    @Test
    void childrenOfAChildAndNonAsciiNamesReadTheSame(@TempDir Path dir) throws Exception {
        String name = "Wörker-ß-漢字-\uD83D\uDE00";
        ThreadGroup group = new ThreadGroup("grüppe");
        Thread[] child = new Thread[1];
        Thread[] grandchild = new Thread[1];
        Path file = record(dir.resolve("r.jfr"), () -> {
            child[0] = Thread.ofPlatform().group(group).name(name).start(() -> {
                grandchild[0] = Thread.ofPlatform().name(name + "-kind").start(() -> RecorderTest.sleep(1));
                try {
                    grandchild[0].join();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            child[0].join();
        });
        ThreadEvents ev = assertSameAsRecordingFile(file, ALL);
        // JFR itself keeps the letters but not the emoji (a surrogate pair), for either reader
        assertTrue(startOf(ev, child[0]).name().startsWith("Wörker-ß-漢字-"), startOf(ev, child[0]).name());
        assertEquals("grüppe", startOf(ev, child[0]).group());
        assertEquals(child[0].threadId(), startOf(ev, grandchild[0]).parentId());
        assertEquals(startOf(ev, child[0]).name(), startOf(ev, grandchild[0]).parentName());
        assertTrue(startOf(ev, grandchild[0]).name().endsWith("-kind"));
    }

    @Test
    void virtualThreadsAndSocketIoReadTheSame(@TempDir Path dir) throws Exception {
        Thread[] virtual = new Thread[2];
        Path file = record(dir.resolve("r.jfr"), () -> {
            try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                virtual[0] = Thread.ofVirtual().name("reader").start(() -> {
                    try (Socket s = server.accept(); InputStream in = s.getInputStream()) {
                        in.readNBytes(3);
                    } catch (IOException e) {
                        throw new IllegalStateException(e);
                    }
                });
                virtual[1] = Thread.ofVirtual().start(() -> {
                    RecorderTest.sleep(2);
                    try (Socket s = new Socket(server.getInetAddress(), server.getLocalPort());
                            OutputStream out = s.getOutputStream()) {
                        out.write(new byte[] {1, 2, 3});
                    } catch (IOException e) {
                        throw new IllegalStateException(e);
                    }
                });
                virtual[0].join();
                virtual[1].join();
            }
        });
        ThreadEvents ev = assertSameAsRecordingFile(file, ALL);
        assertTrue(startOf(ev, virtual[0]).virtual());
        assertTrue(statesOf(ev, virtual[0], ThreadState.IO) > 0, describe(ev));
        assertTrue(statesOf(ev, virtual[1], ThreadState.IO) > 0, describe(ev));
        assertTrue(statesOf(ev, virtual[1], ThreadState.SLEEPING) > 0, describe(ev));
    }

    @Test
    void thousandsOfThreadsReadTheSame(@TempDir Path dir) throws Exception {
        Path file = record(dir.resolve("r.jfr"), () -> {
            List<Thread> all = new ArrayList<>();
            for (int i = 0; i < 3000; i++) {
                all.add(Thread.ofVirtual().name("v" + i).start(() -> RecorderTest.sleep(1)));
            }
            for (int i = 0; i < 100; i++) {
                all.add(Thread.ofPlatform().name("p" + i).start(() -> LockSupport.parkNanos(100_000)));
            }
            for (Thread t : all) {
                t.join();
            }
        });
        assertTrue(Files.size(file) > 300_000, "size " + Files.size(file));
        ThreadEvents ev = assertSameAsRecordingFile(file, ALL);
        assertTrue(ev.starts().size() >= 3100, "starts " + ev.starts().size());
    }

    @Test
    void aFileOfTwoChunksReadsTheSame(@TempDir Path dir) throws Exception {
        Thread[] before = new Thread[1];
        Thread[] after = new Thread[1];
        Path file = record(dir.resolve("r.jfr"), () -> {
            before[0] = Thread.ofPlatform().name("before").start(() -> RecorderTest.sleep(1));
            before[0].join();
            try (jdk.jfr.Recording other = new jdk.jfr.Recording()) { // starting one begins a new chunk
                other.start();
                after[0] = Thread.ofPlatform().name("after").start(() -> RecorderTest.sleep(1));
                after[0].join();
                other.stop();
            }
        });
        assertTrue(chunks(Files.readAllBytes(file)) >= 2, "chunks " + chunks(Files.readAllBytes(file)));
        ThreadEvents ev = assertSameAsRecordingFile(file, ALL);
        assertEquals("before", startOf(ev, before[0]).name());
        assertEquals("after", startOf(ev, after[0]).name());
    }

    @Test
    void aRecordingWithStackTracesAndJfrsProfileEventsReadsTheSame(@TempDir Path dir) throws Exception {
        // every pool JFR writes (stack traces, methods, classes, symbols, ...) must be skipped by its layout
        Path file = dir.resolve("r.jfr");
        Thread[] worker = new Thread[1];
        try (jdk.jfr.Recording r = new jdk.jfr.Recording(jdk.jfr.Configuration.getConfiguration("profile"))) {
            for (String e : JfrEventNames.STATE) {
                r.enable(e).withStackTrace().withThreshold(Duration.ZERO);
            }
            r.enable(MarkEvent.class).withStackTrace();
            r.start();
            new MarkEvent().commit();
            worker[0] = Thread.ofPlatform().name("profiled").start(() -> {
                long sum = 0;
                for (int i = 0; i < 20; i++) {
                    RecorderTest.sleep(1);
                    sum += Arrays.hashCode(new byte[100_000]);
                }
                assertTrue(sum != 1);
            });
            worker[0].join();
            r.stop();
            r.dump(file);
        }
        ThreadEvents ev = assertSameAsRecordingFile(file, ALL);
        assertEquals(20, statesOf(ev, worker[0], ThreadState.SLEEPING));
    }

    private static int chunks(byte[] file) {
        int n = 0;
        for (int at = 0; at < file.length; n++) {
            at += (int) new JfrBytes(file, 0).rawLong(at + 8);
        }
        return n;
    }

    @Name("org.threadlab.test.Registered")
    static final class RegisteredEvent extends jdk.jfr.Event {
        String text;
    }

    @Test
    void metadataIsParsedOnceUntilAnEventClassIsRegistered(@TempDir Path dir) throws Exception {
        Path first = record(dir.resolve("1.jfr"), () -> RecorderTest.sleep(1));
        assertSameAsRecordingFile(first, ALL);
        int parses = JfrLayouts.parses();
        Path second = record(dir.resolve("2.jfr"), () -> RecorderTest.sleep(1));
        assertSameAsRecordingFile(second, ALL);
        assertEquals(parses, JfrLayouts.parses(), "the same metadata is not parsed again");

        Path third;
        try (jdk.jfr.Recording r = new jdk.jfr.Recording()) { // a new event type in the metadata
            r.enable(RegisteredEvent.class);
            r.start();
            RegisteredEvent e = new RegisteredEvent();
            e.text = "x";
            e.commit();
            third = record(dir.resolve("3.jfr"), () -> RecorderTest.sleep(1));
            r.stop();
        }
        assertSameAsRecordingFile(third, ALL);
        assertEquals(parses + 1, JfrLayouts.parses(), "new metadata is parsed");
    }

    @Test
    void aTruncatedFileIsRefusedAndReadAsRecordingFileReadsIt(@TempDir Path dir) throws Exception {
        Path file = record(dir.resolve("r.jfr"), () -> Thread.ofPlatform().start(() -> RecorderTest.sleep(1)).join());
        byte[] bytes = Files.readAllBytes(file);
        for (int length : new int[] {0, 40, bytes.length / 2, bytes.length - 1}) {
            Path cut = Files.write(dir.resolve("cut" + length + ".jfr"), Arrays.copyOf(bytes, length));
            assertThrows(Exception.class, () -> JfrChunkParser.read(Files.readAllBytes(cut), ALL));
            assertReadsAsRecordingFile(cut);
        }
    }

    @Test
    void anotherFormatVersionOrCorruptedSizesAreRefusedAndReadAsRecordingFileReadsThem(@TempDir Path dir)
            throws Exception {
        Path file = record(dir.resolve("r.jfr"), () -> Thread.ofPlatform().start(() -> RecorderTest.sleep(1)).join());
        byte[] bytes = Files.readAllBytes(file);
        byte[] version = bytes.clone();
        version[5] = 3; // major 3
        byte[] metadataPosition = bytes.clone();
        metadataPosition[31] ^= 0x10;
        byte[] uncompressed = bytes.clone();
        uncompressed[67] &= ~1;
        for (byte[] changed : List.of(version, metadataPosition, uncompressed)) {
            Path bad = Files.write(dir.resolve("bad.jfr"), changed);
            assertThrows(JfrFormatException.class, () -> JfrChunkParser.read(changed, ALL));
            assertReadsAsRecordingFile(bad);
        }
    }

    /** {@link JfrEventReader#read} gives what {@code RecordingFile} gives, or throws as it throws. */
    private static void assertReadsAsRecordingFile(Path file) {
        String expected;
        try {
            expected = describe(JfrEventReader.readWithRecordingFile(file, ALL));
        } catch (Exception e) {
            assertEquals(e.getClass(), assertThrows(Exception.class, () -> JfrEventReader.read(file, ALL)).getClass());
            return;
        }
        try {
            assertEquals(expected, describe(JfrEventReader.read(file, ALL)));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
