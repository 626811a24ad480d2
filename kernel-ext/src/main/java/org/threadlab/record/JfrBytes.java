package org.threadlab.record;

import java.nio.charset.StandardCharsets;

/**
 * A read position in the bytes of a JFR file, decoding the chunk format's values: big-endian
 * header fields, compressed integers (LEB128, at most 9 bytes, the 9th whole) and strings.
 *
 * <pre>{@code
 * JfrBytes in = new JfrBytes(Files.readAllBytes(file), 0);
 * long size = in.readLong();
 * }</pre>
 *
 * <p>Reading past the end throws {@link ArrayIndexOutOfBoundsException} (the reader's caller
 * treats any exception as a surprise). Not thread-safe.
 */
final class JfrBytes {
    private final byte[] b;
    private int pos;

    JfrBytes(byte[] bytes, int position) {
        this.b = bytes;
        this.pos = position;
    }

    byte[] bytes() {
        return b;
    }

    int position() {
        return pos;
    }

    void position(long p) {
        if (p < 0 || p > b.length) {
            throw new ArrayIndexOutOfBoundsException("position " + p + " outside 0.." + b.length);
        }
        pos = (int) p;
    }

    void skip(int n) {
        position(pos + (long) n);
    }

    byte readByte() {
        return b[pos++];
    }

    /** A compressed integer of any width (JFR writes short, char, int and long alike). */
    long readLong() {
        long v = 0;
        for (int shift = 0; shift < 56; shift += 7) {
            byte x = b[pos++];
            v |= (x & 0x7FL) << shift;
            if (x >= 0) {
                return v;
            }
        }
        return v | (b[pos++] & 0xFFL) << 56;
    }

    int readInt() {
        return (int) readLong();
    }

    /** A big-endian long at {@code at}, as the chunk header stores them; the position does not move. */
    long rawLong(int at) {
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = v << 8 | (b[at + i] & 0xFF);
        }
        return v;
    }

    int rawShort(int at) {
        return (b[at] & 0xFF) << 8 | (b[at + 1] & 0xFF);
    }

    /**
     * A string value: a {@code String}, {@code null}, or a {@code Long} key into the chunk's
     * {@code java.lang.String} constant pool (which may come later in the file).
     */
    Object readStringOrKey() throws JfrFormatException {
        byte encoding = readByte();
        return switch (encoding) {
            case 0 -> null;
            case 1 -> "";
            case 2 -> readLong();
            case 3 -> text(StandardCharsets.UTF_8);
            case 4 -> {
                int n = readCount();
                char[] c = new char[n];
                for (int i = 0; i < n; i++) {
                    c[i] = (char) readLong();
                }
                yield new String(c);
            }
            case 5 -> text(StandardCharsets.ISO_8859_1);
            default -> throw new JfrFormatException("string encoding " + encoding);
        };
    }

    void skipString() throws JfrFormatException {
        byte encoding = readByte();
        switch (encoding) {
            case 0, 1 -> {
            }
            case 2 -> readLong();
            case 3, 5 -> skip(readCount());
            case 4 -> {
                for (int i = readCount(); i > 0; i--) {
                    readLong();
                }
            }
            default -> throw new JfrFormatException("string encoding " + encoding);
        }
    }

    /** A count or length: a compressed int that must fit in what is left of the file. */
    int readCount() throws JfrFormatException {
        long n = readLong();
        if (n < 0 || n > b.length - pos) {
            throw new JfrFormatException("count " + n + " at " + pos);
        }
        return (int) n;
    }

    private String text(java.nio.charset.Charset cs) throws JfrFormatException {
        int n = readCount();
        String s = new String(b, pos, n, cs);
        pos += n;
        return s;
    }
}
