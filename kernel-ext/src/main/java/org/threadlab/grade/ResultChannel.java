package org.threadlab.grade;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The grader's end of the channel one grading child reports on ({@link GradeProtocol}): a
 * Unix-domain socket in a private folder, which the sandbox shows the child read-only.
 *
 * <pre>{@code
 * try (ResultChannel channel = ResultChannel.open(folder, key, receiver)) {
 *     // start the child, telling it channel.socket(); wait for it to end
 *     channel.drain(10_000);
 * }
 * }</pre>
 *
 * <p>It accepts exactly one connection, the first: the child makes it before any student code
 * runs. Then it closes the listening socket and deletes its file, so nothing else can connect,
 * writes the key, and feeds everything that arrives to the receiver (under the receiver's lock)
 * until the child closes its end. Output the child prints never passes here, so no write to its
 * stdout, however large or from however many threads, can split or fake a frame.
 */
final class ResultChannel implements AutoCloseable {
    private static final String SOCKET = "results.sock";

    private final Path folder;
    private final Path socket;
    private final ServerSocketChannel server;
    private final Thread reader;
    private volatile SocketChannel child;

    private ResultChannel(Path folder, byte[] key, GradeProtocol.Receiver receiver) throws IOException {
        this.folder = folder;
        this.socket = folder.resolve(SOCKET);
        this.server = ServerSocketChannel.open(StandardProtocolFamily.UNIX).bind(UnixDomainSocketAddress.of(socket), 1);
        this.reader = Thread.ofPlatform().daemon().name("threadlab-grade-channel").unstarted(() -> read(key.clone(), receiver));
    }

    /** Listens in {@code folder} (empty, private to the grader) and reads in a thread of its own. */
    static ResultChannel open(Path folder, byte[] key, GradeProtocol.Receiver receiver) throws IOException {
        ResultChannel c = new ResultChannel(folder, key, receiver);
        c.reader.start();
        return c;
    }

    /** The socket the child connects to. */
    Path socket() {
        return socket;
    }

    private void read(byte[] key, GradeProtocol.Receiver receiver) {
        try (SocketChannel ch = server.accept()) {
            child = ch;
            stopListening();
            ByteBuffer k = ByteBuffer.wrap(key);
            while (k.hasRemaining()) {
                ch.write(k);
            }
            ByteBuffer buf = ByteBuffer.allocate(65536);
            while (ch.read(buf) > 0) {
                synchronized (receiver) {
                    receiver.feed(buf.array(), 0, buf.position());
                }
                buf.clear();
            }
        } catch (IOException e) {
            // closed: the child is gone, or it never connected
        } finally {
            java.util.Arrays.fill(key, (byte) 0);
            synchronized (receiver) {
                receiver.finish();
            }
        }
    }

    private void stopListening() {
        try {
            server.close();
            Files.deleteIfExists(socket);
        } catch (IOException e) {
            // deleted with the folder on close
        }
    }

    /**
     * Once the child has ended: waits up to {@code millis} for what it sent to be read to the end.
     * A child that never connected ends the wait at once.
     */
    void drain(long millis) throws InterruptedException {
        stopListening(); // the child is gone: a connection now would be someone else's
        reader.join(millis);
    }

    /** Stops reading and listening, and deletes the folder. */
    @Override
    public void close() {
        stopListening();
        SocketChannel c = child;
        if (c != null) {
            try {
                c.close();
            } catch (IOException e) {
                // closed already
            }
        }
        Sandbox.deleteTree(folder);
    }
}
