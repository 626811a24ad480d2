package org.threadlab.kernel;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.dflib.jjava.jupyter.messages.ContentType;
import org.dflib.jjava.jupyter.messages.Message;
import org.dflib.jjava.jupyter.messages.MessageContext;
import org.dflib.jjava.jupyter.messages.publish.PublishStream;
import org.dflib.jjava.jupyter.messages.publish.PublishStream.StreamType;

/**
 * One execute request, as the destination of everything its threads print or display.
 * Messages carry the request as their parent header, so a thread a cell started keeps
 * printing into that cell, even while a later cell runs.
 *
 * <p>Thread-safety: any thread may write; text is buffered and published in order per
 * stream by {@link #flush()}, which any thread may call.
 */
final class Cell {
    private final MessageContext request;
    private final Consumer<Message<?>> iopub;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    /** Held while taking text from the buffers and sending it, so sends keep the order of writes. */
    private final Object sending = new Object();
    /** Kernel notes this cell has been shown, so each shows once. */
    private final Set<String> told = ConcurrentHashMap.newKeySet();

    /** @param iopub sends a message on the IOPub channel (thread-safe) */
    Cell(MessageContext request, Consumer<Message<?>> iopub) {
        this.request = request;
        this.iopub = iopub;
    }

    MessageContext request() {
        return request;
    }

    /** True the first time it is asked about {@code note} for this cell, false after. */
    boolean firstTime(String note) {
        return told.add(note);
    }

    /** Buffers bytes written to {@code System.out} or {@code System.err}; returns whether the buffer was empty. */
    synchronized boolean write(StreamType stream, byte[] b, int off, int len) {
        ByteArrayOutputStream buffer = stream == StreamType.OUT ? out : err;
        boolean wasEmpty = out.size() == 0 && err.size() == 0;
        buffer.write(b, off, len);
        return wasEmpty;
    }

    /**
     * Publishes what was buffered, keeping an incomplete UTF-8 sequence for the next flush. When
     * it returns, everything written before the call has been sent, also if another thread's
     * flush had taken it from the buffer.
     */
    void flush() {
        synchronized (sending) {
            String outText;
            String errText;
            synchronized (this) {
                outText = drain(out);
                errText = drain(err);
            }
            if (!outText.isEmpty()) {
                send(new PublishStream(StreamType.OUT, outText));
            }
            if (!errText.isEmpty()) {
                send(new PublishStream(StreamType.ERR, errText));
            }
        }
    }

    /** Publishes any message with this cell as parent, after the text printed before it. */
    <T extends ContentType<T>> void publish(T content) {
        synchronized (sending) {
            flush();
            send(content);
        }
    }

    private <T extends ContentType<T>> void send(T content) {
        iopub.accept(new Message<>(request, content.getType(), content));
    }

    private static String drain(ByteArrayOutputStream buffer) {
        byte[] bytes = buffer.toByteArray();
        int complete = completeUtf8Length(bytes);
        buffer.reset();
        buffer.write(bytes, complete, bytes.length - complete);
        return new String(bytes, 0, complete, StandardCharsets.UTF_8);
    }

    /** Length of the prefix that does not end inside a multi-byte UTF-8 sequence. */
    static int completeUtf8Length(byte[] bytes) {
        int n = bytes.length;
        for (int back = 1; back <= Math.min(3, n); back++) {
            int b = bytes[n - back] & 0xFF;
            if ((b & 0xC0) != 0x80) { // a lead byte or ASCII: is its sequence complete?
                int need = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 1;
                return need > back ? n - back : n;
            }
        }
        return n;
    }
}
