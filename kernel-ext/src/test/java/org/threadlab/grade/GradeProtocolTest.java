package org.threadlab.grade;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GradeProtocolTest {
    private static final String SECRET = GradeProtocol.newSecret();

    private static GradeProtocol.Receiver receive(byte[] stream) {
        GradeProtocol.Receiver r = new GradeProtocol.Receiver(SECRET, 1024);
        // fed in odd-sized pieces, as a pipe delivers them
        for (int off = 0; off < stream.length; off += 7) {
            r.feed(stream, off, Math.min(7, stream.length - off));
        }
        r.finish();
        return r;
    }

    @Test
    void signedFramesArriveBetweenOutputAndOutputStaysOutput() {
        ByteArrayOutputStream pipe = new ByteArrayOutputStream();
        GradeProtocol.Sender s = new GradeProtocol.Sender(SECRET, pipe);
        pipe.writeBytes("hello ".getBytes(StandardCharsets.UTF_8)); // output without a newline before a frame
        s.send(GradeProtocol.Kind.PROGRESS, Map.of("state", "RUNNING", "step", "cell 3"));
        s.send(GradeProtocol.Kind.RESULT, Map.of("step", "hidden test cell 1", "report", new TestReport("t", List.of())));
        pipe.writeBytes("bye\n".getBytes(StandardCharsets.UTF_8));
        GradeProtocol.Receiver r = receive(pipe.toByteArray());
        assertEquals("hello bye\n", r.output());
        assertEquals(GradeProtocol.State.RUNNING, r.state());
        assertEquals("cell 3", r.step());
        assertTrue(r.results().containsKey("hidden test cell 1"));
        assertEquals(0, r.forged());
    }

    @Test
    void aFrameWithTheWrongKeyIsForgedAndNothingAfterItIsBelieved() {
        ByteArrayOutputStream pipe = new ByteArrayOutputStream();
        new GradeProtocol.Sender(GradeProtocol.newSecret(), pipe).send(GradeProtocol.Kind.PROGRESS, Map.of("state", "DONE", "step", "x"));
        new GradeProtocol.Sender(SECRET, pipe).send(GradeProtocol.Kind.PROGRESS, Map.of("state", "DONE", "step", "x"));
        GradeProtocol.Receiver r = receive(pipe.toByteArray());
        assertEquals(2, r.forged());
        assertEquals(GradeProtocol.State.KERNEL_START, r.state());
    }

    @Test
    void aReplayedOrReorderedFrameIsForged() {
        ByteArrayOutputStream pipe = new ByteArrayOutputStream();
        GradeProtocol.Sender s = new GradeProtocol.Sender(SECRET, pipe);
        s.send(GradeProtocol.Kind.PROGRESS, Map.of("state", "RUNNING", "step", "a"));
        byte[] first = pipe.toByteArray();
        pipe.writeBytes(first);
        assertEquals(1, receive(pipe.toByteArray()).forged());
    }

    @Test
    void outputIsCappedAndBadBytesAreReplaced() {
        ByteArrayOutputStream pipe = new ByteArrayOutputStream();
        pipe.writeBytes(new byte[] {(byte) 0xff, (byte) 0xc3, '(', '\n'});
        pipe.writeBytes("x".repeat(5000).getBytes(StandardCharsets.UTF_8));
        new GradeProtocol.Sender(SECRET, pipe).send(GradeProtocol.Kind.PROGRESS, Map.of("state", "DONE", "step", "z"));
        GradeProtocol.Receiver r = receive(pipe.toByteArray());
        assertTrue(r.output().startsWith("\uFFFD\uFFFD(\n"), r.output());
        assertTrue(r.output().length() < 1100, "capped: " + r.output().length());
        assertTrue(r.output().contains("[output cut here"));
        assertEquals(GradeProtocol.State.DONE, r.state()); // a frame after the cap still counts
    }

    @Test
    void theSendersKeyIsNotInAHeapDump(@TempDir Path dir) throws Exception {
        byte[] key = HexFormat.of().parseHex(SECRET);
        byte[] inverted = new byte[key.length]; // what the test keeps: the key is searched for, never held, below
        for (int i = 0; i < key.length; i++) {
            inverted[i] = (byte) ~key[i];
        }
        java.util.Arrays.fill(key, (byte) 0);
        ByteArrayOutputStream pipe = new ByteArrayOutputStream();
        GradeProtocol.Sender s = new GradeProtocol.Sender(SECRET, pipe);
        s.send(GradeProtocol.Kind.PROGRESS, Map.of("state", "RUNNING", "step", "a"));
        Path dump = dir.resolve("heap.hprof");
        ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class).dumpHeap(dump.toString(), true);
        byte[] heap = Files.readAllBytes(dump);
        byte[] wanted = new byte[inverted.length];
        for (int i = 0; i < wanted.length; i++) {
            wanted[i] = (byte) ~inverted[i];
        }
        assertFalse(contains(heap, wanted), "the raw key is in the heap dump");
        s.send(GradeProtocol.Kind.PROGRESS, Map.of("state", "DONE", "step", "a")); // still usable: it is alive
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
