package org.threadlab.grade;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GradeProtocolTest {
    private static final byte[] KEY = GradeProtocol.newKey();

    private static GradeProtocol.Receiver receive(byte[] stream) {
        GradeProtocol.Receiver r = new GradeProtocol.Receiver(KEY);
        // fed in odd-sized pieces, as a socket delivers them
        for (int off = 0; off < stream.length; off += 7) {
            r.feed(stream, off, Math.min(7, stream.length - off));
        }
        r.finish();
        return r;
    }

    private static GradeProtocol.Sender sender(byte[] key, ByteArrayOutputStream to) {
        return GradeProtocol.Sender.withKey(key, Channels.newChannel(to));
    }

    @Test
    void signedFramesAreBelievedInOrder() {
        ByteArrayOutputStream channel = new ByteArrayOutputStream();
        GradeProtocol.Sender s = sender(KEY, channel);
        s.send(GradeProtocol.Kind.PROGRESS, Map.of("state", "RUNNING", "step", "cell 3"));
        s.send(GradeProtocol.Kind.RESULT, Map.of("step", "hidden test cell 1", "report", new TestReport("t", List.of())));
        GradeProtocol.Receiver r = receive(channel.toByteArray());
        assertEquals(GradeProtocol.State.RUNNING, r.state());
        assertEquals("cell 3", r.step());
        assertTrue(r.results().containsKey("hidden test cell 1"));
        assertEquals(0, r.forged());
    }

    @Test
    void aFrameWithTheWrongKeyIsForgedAndNothingAfterItIsBelieved() {
        ByteArrayOutputStream channel = new ByteArrayOutputStream();
        sender(GradeProtocol.newKey(), channel).send(GradeProtocol.Kind.PROGRESS, Map.of("state", "DONE", "step", "x"));
        sender(KEY, channel).send(GradeProtocol.Kind.PROGRESS, Map.of("state", "DONE", "step", "x"));
        GradeProtocol.Receiver r = receive(channel.toByteArray());
        assertEquals(2, r.forged());
        assertEquals(GradeProtocol.State.KERNEL_START, r.state());
    }

    @Test
    void aReplayedOrReorderedFrameIsForged() {
        ByteArrayOutputStream channel = new ByteArrayOutputStream();
        GradeProtocol.Sender s = sender(KEY, channel);
        s.send(GradeProtocol.Kind.PROGRESS, Map.of("state", "RUNNING", "step", "a"));
        channel.writeBytes(channel.toByteArray());
        assertEquals(1, receive(channel.toByteArray()).forged());
    }

    @Test
    void anythingButAFrameOnTheChannelIsForgedAndAFrameCutByAKillIsNot() {
        ByteArrayOutputStream channel = new ByteArrayOutputStream();
        channel.writeBytes("hello\n".getBytes(StandardCharsets.UTF_8));
        assertEquals(1, receive(channel.toByteArray()).forged());
        ByteArrayOutputStream cut = new ByteArrayOutputStream();
        sender(KEY, cut).send(GradeProtocol.Kind.PROGRESS, Map.of("state", "DONE", "step", "z"));
        byte[] whole = cut.toByteArray();
        GradeProtocol.Receiver r = receive(java.util.Arrays.copyOf(whole, whole.length - 5));
        assertEquals(0, r.forged());
        assertEquals(GradeProtocol.State.KERNEL_START, r.state());
    }

    @Test
    void outputIsCappedAndBadBytesAreReplaced() {
        CappedOutput out = new CappedOutput(1024);
        byte[] bad = {(byte) 0xff, (byte) 0xc3, '(', '\n'};
        out.feed(bad, 0, bad.length);
        byte[] xs = "x".repeat(5000).getBytes(StandardCharsets.UTF_8);
        out.feed(xs, 0, xs.length);
        assertTrue(out.output().startsWith("\uFFFD\uFFFD(\n"), out.output());
        assertTrue(out.output().length() < 1100, "capped: " + out.output().length());
        assertTrue(out.output().contains("[output cut here"));
        assertEquals(5004, out.bytesPrinted());
        assertTrue(out.lastLines().endsWith("xxx"));
    }

    @Test
    void theChannelTakesOneConnectionAndFramesArriveWholeWhateverTheOutput(@TempDir Path dir) throws Exception {
        GradeProtocol.Receiver r = new GradeProtocol.Receiver(KEY);
        try (ResultChannel channel = ResultChannel.open(dir, KEY, r)) {
            GradeProtocol.Sender s = GradeProtocol.Sender.connect(channel.socket());
            Thread.interrupted();
            Thread.currentThread().interrupt(); // a cell left the flag set: the channel must not close
            s.send(GradeProtocol.Kind.PROGRESS, Map.of("state", "RUNNING", "step", "x".repeat(100_000)));
            assertTrue(Thread.interrupted(), "the flag is kept");
            s.send(GradeProtocol.Kind.PROGRESS, Map.of("state", "DONE", "step", "last"));
            for (int i = 0; i < 100 && Files.exists(channel.socket()); i++) {
                Thread.sleep(10);
            }
            assertFalse(Files.exists(channel.socket()), "the socket is gone once the child connected");
            try (SocketChannel again = SocketChannel.open(StandardProtocolFamily.UNIX)) {
                again.connect(UnixDomainSocketAddress.of(channel.socket()));
                throw new AssertionError("a second connection was accepted");
            } catch (java.io.IOException expected) {
                // nobody else can connect
            }
            for (int i = 0; i < 200 && r.state() != GradeProtocol.State.DONE; i++) {
                Thread.sleep(10);
                synchronized (r) {
                    if (r.state() == GradeProtocol.State.DONE) {
                        break;
                    }
                }
            }
        }
        synchronized (r) {
            assertEquals(GradeProtocol.State.DONE, r.state());
            assertEquals(0, r.forged());
        }
    }

    @Test
    void theSendersKeyIsNotInAHeapDumpEvenOfGarbage(@TempDir Path dir) throws Exception {
        byte[] inverted = GradeProtocol.newKey(); // the key's complement: the key itself is never on this heap
        Path socket = dir.resolve("s.sock");
        GradeProtocol.Sender s;
        try (var server = java.nio.channels.ServerSocketChannel.open(StandardProtocolFamily.UNIX)
                .bind(UnixDomainSocketAddress.of(socket))) {
            Thread grader = Thread.ofPlatform().start(() -> {
                try {
                    SocketChannel ch = server.accept();
                    var key = java.nio.ByteBuffer.allocateDirect(inverted.length); // native memory, like the child's
                    for (byte b : inverted) {
                        key.put((byte) ~b);
                    }
                    ch.write(key.flip());
                    var sink = java.nio.ByteBuffer.allocate(4096);
                    while (ch.read(sink.clear()) > 0) {
                        // frames: not looked at here
                    }
                } catch (java.io.IOException e) {
                    // the test ended
                }
            });
            s = GradeProtocol.Sender.connect(socket);
            s.send(GradeProtocol.Kind.PROGRESS, Map.of("state", "RUNNING", "step", "a"));
            Path dump = dir.resolve("heap.hprof");
            // live=false keeps garbage too: what a student's own heap dump would see
            ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class).dumpHeap(dump.toString(), false);
            byte[] heap = Files.readAllBytes(dump);
            byte[] wanted = new byte[inverted.length];
            for (int i = 0; i < wanted.length; i++) {
                wanted[i] = (byte) ~inverted[i];
            }
            assertFalse(contains(heap, wanted), "the raw key is in the heap dump");
            assertFalse(contains(heap, java.util.HexFormat.of().formatHex(wanted).getBytes(StandardCharsets.ISO_8859_1)),
                    "the key in hex is in the heap dump");
            s.send(GradeProtocol.Kind.PROGRESS, Map.of("state", "DONE", "step", "a")); // still usable: it is alive
            server.close();
            grader.join(5000);
        }
    }

    private static boolean contains(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
