package org.threadlab.grade;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.threadlab.json.Json;

/**
 * What a grading child ({@code org.threadlab.kernel.grading.GradeMain}) and the batch grader say to
 * each other. The grader writes a per-run secret and the plan to the child's stdin, which the
 * child reads whole before any student code runs. The child answers with frames on its stdout,
 * between whatever the notebook prints there:
 *
 * <pre>{@code \u001eTLG SEQ KIND HMAC PAYLOAD\n}</pre>
 *
 * <p>SEQ counts from 0, KIND is a {@link Kind}, PAYLOAD a one-line JSON object, HMAC the
 * HMAC-SHA256 of "SEQ KIND PAYLOAD" under the secret. The grader keeps only frames with the next
 * sequence number and a valid HMAC, so a line the notebook prints to look like a result counts
 * as forged, never as a result. Everything else on the stream is the notebook's output.
 */
public final class GradeProtocol {
    /** Starts every frame: a record separator no notebook prints by accident. */
    static final String MARK = "\u001eTLG ";
    private static final byte[] MARK_BYTES = MARK.getBytes(StandardCharsets.UTF_8);
    private static final int MAX_LINE = 16 * 1024 * 1024; // a longer line is output, never a frame

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

    /** A fresh secret for one child, as the hex line the child reads first. */
    public static String newSecret() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return HexFormat.of().formatHex(key);
    }

    private static Mac mac(String secretHex) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(HexFormat.of().parseHex(secretHex), "HmacSHA256"));
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The child's side: signs frames and writes each in one call. Thread-safe. The key lives in
     * native memory (a direct buffer), not on the heap, so a heap dump made by student code does
     * not hold it; it is on the heap only for the moment of signing, in arrays wiped right after.
     */
    public static final class Sender {
        private static final int BLOCK = 64;
        private final java.nio.ByteBuffer key = java.nio.ByteBuffer.allocateDirect(BLOCK);
        private final OutputStream out;
        private long seq;

        public Sender(String secretHex, OutputStream out) {
            byte[] k = HexFormat.of().parseHex(secretHex);
            key.put(k);
            Arrays.fill(k, (byte) 0);
            this.out = out;
        }

        public synchronized void send(Kind kind, Map<String, ?> payload) {
            String body = seq + " " + kind + " ";
            String json = toJson(payload);
            String sig = HexFormat.of().formatHex(hmac((body + json).getBytes(StandardCharsets.UTF_8)));
            seq++;
            try {
                out.write((MARK + body + sig + " " + json + "\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
            } catch (IOException e) {
                // the grader is gone; nothing to tell
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
     * The grader's side: fed the child's stdout and stderr as they come, it keeps the first
     * {@code outputCap} bytes of output, the last lines, and every authentic frame. Not thread-safe.
     */
    public static final class Receiver {
        private final Mac mac;
        private final int outputCap;
        private final ByteArrayOutputStream output = new ByteArrayOutputStream();
        private final ByteArrayOutputStream line = new ByteArrayOutputStream();
        private final byte[] tail = new byte[2048];
        private long total;
        private long seq;
        private int forged;
        private State state = State.KERNEL_START;
        private String step = "JVM start";
        private String detail = "";
        private final Map<String, Map<String, Object>> results = new LinkedHashMap<>();
        private Map<String, Object> timing = Map.of();
        private final java.util.List<String> notes = new java.util.ArrayList<>();

        public Receiver(String secretHex, int outputCap) {
            this.mac = mac(secretHex);
            this.outputCap = outputCap;
        }

        public void feed(byte[] b, int off, int len) {
            for (int k = off; k < off + len; k++) {
                line.write(b[k]);
                if (b[k] == '\n' || line.size() >= MAX_LINE) {
                    endLine();
                }
            }
        }

        /** Call once the stream has ended. */
        public void finish() {
            if (line.size() > 0) {
                endLine();
            }
        }

        private void endLine() {
            byte[] l = line.toByteArray();
            line.reset();
            int at = indexOf(l, MARK_BYTES);
            if (at < 0 || l[l.length - 1] != '\n') {
                printed(l, 0, l.length);
                return;
            }
            printed(l, 0, at);
            frame(new String(l, at + MARK_BYTES.length, l.length - at - MARK_BYTES.length - 1, StandardCharsets.UTF_8));
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

        private void printed(byte[] b, int off, int len) {
            for (int k = off; k < off + len; k++) {
                tail[(int) ((total + k - off) % tail.length)] = b[k];
            }
            int keep = (int) Math.max(0, Math.min(len, outputCap - total));
            output.write(b, off, keep);
            if (total <= outputCap && total + len > outputCap) {
                output.writeBytes(("\n[output cut here: more than " + outputCap / 1024 + " KB]\n").getBytes(StandardCharsets.UTF_8));
            }
            total += len;
        }

        private static int indexOf(byte[] hay, byte[] needle) {
            outer:
            for (int i = 0; i + needle.length <= hay.length; i++) {
                for (int j = 0; j < needle.length; j++) {
                    if (hay[i + j] != needle[j]) {
                        continue outer;
                    }
                }
                return i;
            }
            return -1;
        }

        /** What the notebook and its JVM printed, cut at the cap; malformed UTF-8 is replaced. */
        public String output() {
            return new String(output.toByteArray(), StandardCharsets.UTF_8);
        }

        /** The last lines printed (up to 2 KB), for a reason when the JVM ended unexpectedly. */
        public String lastLines() {
            int n = (int) Math.min(total, tail.length);
            byte[] t = new byte[n];
            for (int k = 0; k < n; k++) {
                t[k] = tail[(int) ((total - n + k) % tail.length)];
            }
            return new String(t, StandardCharsets.UTF_8);
        }

        public long bytesPrinted() {
            return total;
        }

        /**
         * Lines that looked like frames but were not signed with this run's secret, or out of
         * order; every frame after the first such line counts too, authentic or not.
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
        public java.util.List<String> notes() {
            return notes;
        }
    }
}
