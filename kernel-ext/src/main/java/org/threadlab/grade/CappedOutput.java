package org.threadlab.grade;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * What a grading child printed to stdout and stderr: the first {@code cap} bytes, and the last
 * 2 KB for a reason when the JVM ended unexpectedly. Fed as the bytes come; not thread-safe.
 *
 * <pre>{@code
 * CappedOutput printed = new CappedOutput(256 * 1024);
 * for (int n; (n = in.read(buf)) > 0; ) printed.feed(buf, 0, n);
 * String kept = printed.output();
 * }</pre>
 */
final class CappedOutput {
    private final int cap;
    private final ByteArrayOutputStream output = new ByteArrayOutputStream();
    private final byte[] tail = new byte[2048];
    private long total;

    CappedOutput(int cap) {
        this.cap = cap;
    }

    void feed(byte[] b, int off, int len) {
        for (int k = off; k < off + len; k++) {
            tail[(int) ((total + k - off) % tail.length)] = b[k];
        }
        int keep = (int) Math.max(0, Math.min(len, cap - total));
        output.write(b, off, keep);
        if (total <= cap && total + len > cap) {
            output.writeBytes(("\n[output cut here: more than " + cap / 1024 + " KB]\n").getBytes(StandardCharsets.UTF_8));
        }
        total += len;
    }

    /** What was printed, cut at the cap; malformed UTF-8 is replaced. */
    String output() {
        return new String(output.toByteArray(), StandardCharsets.UTF_8);
    }

    /** The last lines printed (up to 2 KB). */
    String lastLines() {
        int n = (int) Math.min(total, tail.length);
        byte[] t = new byte[n];
        for (int k = 0; k < n; k++) {
            t[k] = tail[(int) ((total - n + k) % tail.length)];
        }
        return new String(t, StandardCharsets.UTF_8);
    }

    long bytesPrinted() {
        return total;
    }
}
