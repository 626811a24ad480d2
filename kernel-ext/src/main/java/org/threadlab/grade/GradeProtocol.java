package org.threadlab.grade;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.threadlab.json.Json;

/**
 * What a grading child ({@code org.threadlab.kernel.grading.GradeMain}) and the batch grader say to
 * each other, on a channel of their own: a Unix-domain socket in a private folder (see
 * {@link ResultChannel}), never the child's stdout or stderr, which stay the notebook's output.
 *
 * <pre>{@code
 * // child, before any student code runs
 * GradeProtocol.Sender sender = GradeProtocol.Sender.connect(socketPath);
 * sender.send(Kind.PROGRESS, Map.of("state", "RUNNING", "step", "cell 3"));
 * }</pre>
 *
 * <p>The grader accepts exactly one connection (the child's, made before student code runs),
 * then closes and deletes the socket, and writes a fresh 32-byte key to it. The child reads that
 * key straight into native memory and answers with frames, one a line:
 *
 * <pre>{@code SEQ KIND HMAC PAYLOAD
}</pre>
 *
 * <p>SEQ counts from 0, KIND is a {@link Kind}, PAYLOAD a one-line JSON object, HMAC the
 * HMAC-SHA256 of "SEQ KIND PAYLOAD" under the key. The grader believes only frames with the next
 * sequence number and a valid HMAC, and nothing after the first that is not.
 *
 * <p><b>Why student code cannot forge a result.</b> Output cannot be mistaken for a frame: it is
 * on another descriptor. The channel and the key are reachable only from {@code GradeMain.main}'s
 * stack frame and from lambdas held by JDK-internal fields (a started thread's task, the shutdown
 * hooks), which the JDK's strong encapsulation keeps closed to code in unnamed modules, student
 * code included; no static field or object of ours that student code can reflect on refers to
 * them (the hostile batch walks every reachable field to check). The key is never on the heap
 * except, for the moment of signing, in an array wiped right after, so a heap dump (even of
 * garbage, {@code live=false}) does not hold it; the sandbox denies {@code ptrace} so no
 * process can read it from the child's memory. The HMAC is the second lock: a channel reached
 * some other way still carries nothing the grader believes without the key.
 */
public final class GradeProtocol {
    /** Bytes in a key; HMAC-SHA256 pads it with zeros to its 64-byte block. */
    static final int KEY_BYTES = 32;
    private static final int MAX_LINE = 16 * 1024 * 1024; // a longer frame is noise, never a frame

    private GradeProtocol() {
    }

    /** What a frame carries. */
    public enum Kind {
        /** {@code {"state": State, "step": label, "detail": text}}. */
        PROGRESS,
        /** {@code {"step": label, "report": TestReport JSON as a string}} or {@code {"step": label, "error": text}}. */
        RESULT,
        /** {@code {"jvm_start_ms": n, "kernel_ms": n, "cells_ms": n, "tests_ms": n}}. */
        TIMING,
        /** {@code {"text": what the grade's reason should mention}}, e.g. a cell stopped at its time limit. */
        NOTE
    }

    /** How far a child got. */
    public enum State {
        KERNEL_START, RUNNING, DONE,
        /** a cell called {@code System.exit} (sent by a shutdown hook) */
        EXITED,
        /** the thread watchdog ended the JVM */
        TOO_MANY_THREADS
    }

    /** The child's exit codes that mean something. */
    public enum Exit {
        DONE(0), BAD_INVOCATION(2), OUT_OF_MEMORY(3), TOO_MANY_THREADS(4);

        public final int code;

        Exit(int code) {
            this.code = code;
        }
    }

    /** A fresh key for one child. */
    public static byte[] newKey() {
        byte[] key = new byte[KEY_BYTES];
        new SecureRandom().nextBytes(key);
        return key;
    }

    private static Mac mac(byte[] key) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The child's side: signs frames and writes each whole, in order. Thread-safe. The key lives
     * in native memory (a direct buffer, filled by the socket itself), not on the heap; it is on
     * the heap only for the moment of signing, in an array wiped right after.
     */
    public static final class Sender {
        private static final int BLOCK = 64;
        private final ByteBuffer key;
        private final WritableByteChannel out;
        private long seq;

        private Sender(ByteBuffer key, WritableByteChannel out) {
            this.key = key;
            this.out = out;
        }

        /**
         * Connects to the grader's socket and reads this run's key from it. Call it before any
         * student code runs: the grader accepts one connection only.
         */
        public static Sender connect(Path socket) throws IOException {
            SocketChannel ch = SocketChannel.open(UnixDomainSocketAddress.of(socket));
            ByteBuffer key = ByteBuffer.allocateDirect(BLOCK); // zeros: the key's padding to a block
            key.limit(KEY_BYTES);
            while (key.hasRemaining()) {
                if (ch.read(key) < 0) {
                    ch.close();
                    throw new EOFException("the grader closed the channel before it sent the key");
                }
            }
            return new Sender(key.clear(), ch);
        }

        /** A sender with a known key, for tests. */
        static Sender withKey(byte[] k, WritableByteChannel out) {
            return new Sender(ByteBuffer.allocateDirect(BLOCK).put(k).clear(), out);
        }

        public synchronized void send(Kind kind, Map<String, ?> payload) {
            String body = seq + " " + kind + " ";
            String json = toJson(payload);
            String sig = HexFormat.of().formatHex(hmac((body + json).getBytes(StandardCharsets.UTF_8)));
            seq++;
            ByteBuffer frame = ByteBuffer.wrap((body + sig + " " + json + "\n").getBytes(StandardCharsets.UTF_8));
            // a socket channel closes when a thread writing to it is interrupted: write with the flag clear
            boolean interrupted = Thread.interrupted();
            try {
                while (frame.hasRemaining()) {
                    out.write(frame);
                }
            } catch (IOException e) {
                // the grader is gone; nothing to tell
            } finally {
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
        }

        /** HMAC-SHA256 (RFC 2104) by hand, so that no Mac object keeps the key on the heap. */
        private byte[] hmac(byte[] message) {
            byte[] pad = new byte[BLOCK];
            try {
                MessageDigest sha = MessageDigest.getInstance("SHA-256");
                key.get(0, pad);
                for (int i = 0; i < BLOCK; i++) {
                    pad[i] ^= 0x36;
                }
                sha.update(pad);
                byte[] inner = sha.digest(message);
                key.get(0, pad);
                for (int i = 0; i < BLOCK; i++) {
                    pad[i] ^= 0x5c;
                }
                sha.update(pad);
                return sha.digest(inner);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            } finally {
                Arrays.fill(pad, (byte) 0);
            }
        }

        private static String toJson(Map<String, ?> payload) {
            StringBuilder b = new StringBuilder("{");
            for (Map.Entry<String, ?> e : payload.entrySet()) {
                b.append(b.length() > 1 ? ", " : "").append(Json.quote(e.getKey())).append(": ");
                Object v = e.getValue();
                b.append(v instanceof Number n ? Json.number(n.doubleValue())
                        : v instanceof TestReport r ? Json.quote(r.toJson()) : Json.quote(String.valueOf(v)));
            }
            return b.append('}').toString();
        }
    }

    /**
     * The grader's side: fed what arrives on the channel, as it comes, it keeps every authentic
     * frame. Anything else there is forged: only the child's sender writes to the channel. Not
     * thread-safe.
     */
    public static final class Receiver {
        private final Mac mac;
        private final ByteArrayOutputStream line = new ByteArrayOutputStream();
        private long seq;
        private int forged;
        private State state = State.KERNEL_START;
        private String step = "JVM start";
        private String detail = "";
        private final Map<String, Map<String, Object>> results = new LinkedHashMap<>();
        private Map<String, Object> timing = Map.of();
        private final List<String> notes = new ArrayList<>();

        public Receiver(byte[] key) {
            this.mac = mac(key);
        }

        public void feed(byte[] b, int off, int len) {
            for (int k = off; k < off + len; k++) {
                if (b[k] == '\n') {
                    frame(line.toString(StandardCharsets.UTF_8));
                    line.reset();
                } else if (line.size() < MAX_LINE) {
                    line.write(b[k]);
                } else {
                    forged++;
                    line.reset();
                }
            }
        }

        /**
         * Call once the channel has ended. A last frame without its newline is dropped, not
         * forged: the child was killed while writing it.
         */
        public void finish() {
            line.reset();
        }

        @SuppressWarnings("unchecked")
        private void frame(String f) {
            if (forged > 0) { // after one forgery nothing more is believed: a key cannot be guessed by trying
                forged++;
                return;
            }
            String[] parts = f.split(" ", 4);
            if (parts.length != 4 || !parts[0].equals(Long.toString(seq))) {
                forged++;
                return;
            }
            byte[] expected = mac.doFinal((parts[0] + " " + parts[1] + " " + parts[3]).getBytes(StandardCharsets.UTF_8));
            byte[] got;
            try {
                got = HexFormat.of().parseHex(parts[2]);
            } catch (IllegalArgumentException e) {
                forged++;
                return;
            }
            if (!MessageDigest.isEqual(expected, got)) {
                forged++;
                return;
            }
            seq++;
            Map<String, Object> payload;
            Kind kind;
            try {
                kind = Kind.valueOf(parts[1]);
                payload = (Map<String, Object>) Json.parse(parts[3]);
            } catch (IllegalArgumentException | ClassCastException e) {
                return; // signed, so ours, but not understood: a version mismatch; its step counts as not run
            }
            switch (kind) {
                case PROGRESS -> {
                    try {
                        state = State.valueOf(String.valueOf(payload.get("state")));
                    } catch (IllegalArgumentException e) {
                        return;
                    }
                    if (payload.get("step") instanceof String s) {
                        step = s;
                    }
                    detail = payload.get("detail") instanceof String d ? d : "";
                }
                case RESULT -> {
                    if (payload.get("step") instanceof String s) {
                        results.put(s, payload);
                    }
                }
                case TIMING -> timing = payload;
                case NOTE -> {
                    if (payload.get("text") instanceof String t) {
                        notes.add(t);
                    }
                }
            }
        }

        /**
         * Messages on the channel that were not frames signed with this run's key, or came out of
         * order; every frame after the first such message counts too, authentic or not.
         */
        public int forged() {
            return forged;
        }

        public State state() {
            return state;
        }

        public String step() {
            return step;
        }

        public String detail() {
            return detail;
        }

        /** The authentic result of each hidden test step, by step label. */
        public Map<String, Map<String, Object>> results() {
            return results;
        }

        public Map<String, Object> timing() {
            return timing;
        }

        /** What the child noted for the reason, in order. */
        public List<String> notes() {
            return notes;
        }
    }
}
