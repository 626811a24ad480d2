package org.threadlab.kernel;

import org.dflib.jjava.jupyter.channels.IOPubChannel;
import org.dflib.jjava.jupyter.channels.JupyterSocket;
import org.dflib.jjava.jupyter.kernel.KernelConnectionProperties;
import org.dflib.jjava.jupyter.messages.HMACGenerator;
import org.dflib.jjava.jupyter.messages.Message;
import org.slf4j.LoggerFactory;
import org.zeromq.SocketType;
import org.zeromq.ZMQ;

/**
 * The IOPub channel: sends also from threads whose interrupt flag is set, on an XPUB socket that
 * tells when a client has subscribed.
 *
 * <p>JeroMQ fails a send from an interrupted thread with EINTR, possibly after part of a
 * multipart message went out, which corrupts the stream for every later message. Cell code, a
 * recorder's timeout or a cancelled benchmark can leave the flag set on a thread that then
 * prints or displays; the flag is cleared for the send and restored after it.
 *
 * <p>A PUB socket drops what it sends before a subscriber's subscription has arrived. A client
 * connects its sockets before the kernel has bound them and retries every 100 ms (ZeroMQ's
 * default reconnect interval), so the shell's first request could arrive before the client's
 * IOPub subscription, and the busy and idle statuses of its reply were lost: jupyter_client's
 * {@code wait_for_ready} then waits 200 ms for them in vain and asks again. With XPUB the kernel
 * sees the subscription and the shell waits for it ({@link #awaitSubscriber}). The inherited PUB
 * socket is never bound; messages go out on the XPUB one.
 */
final class InterruptSafeIOPub extends IOPubChannel {
    /** How long one wait for a subscription holds the channel: sends wait for at most this. */
    private static final int POLL_SLICE_MS = 5;

    private final Publisher publisher;
    private volatile boolean subscribed;

    InterruptSafeIOPub(ZMQ.Context ctx, HMACGenerator hmac) {
        super(ctx, hmac);
        this.publisher = new Publisher(ctx, hmac);
    }

    @Override
    public void bind(KernelConnectionProperties props) {
        publisher.bind(props);
    }

    @Override
    public synchronized void sendMessage(Message<?> message) {
        uninterrupted(() -> publisher.sendMessage(message));
    }

    /**
     * Waits until a client has subscribed, or {@code timeoutMs} passed (a client may not listen
     * to IOPub at all); returns whether one has. Sends from other threads go on meanwhile.
     */
    boolean awaitSubscriber(long timeoutMs) {
        long deadline = System.nanoTime() + timeoutMs * 1_000_000;
        while (!subscribed && System.nanoTime() - deadline < 0) {
            synchronized (this) {
                if (closed) {
                    break;
                }
                publisher.setReceiveTimeOut(POLL_SLICE_MS);
                byte[] frame = publisher.recv();
                if (frame != null && frame.length > 0 && frame[0] == 1) { // XPUB: 1 = subscribe, 0 = unsubscribe
                    subscribed = true;
                }
            }
        }
        return subscribed;
    }

    @Override
    public synchronized void close() {
        publisher.close();
        super.close();
    }

    /** Runs {@code send} with the calling thread's interrupt flag cleared, then restores the flag. */
    static void uninterrupted(Runnable send) {
        boolean interrupted = Thread.interrupted();
        try {
            send.run();
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The socket messages go out on. */
    private static final class Publisher extends JupyterSocket {
        Publisher(ZMQ.Context ctx, HMACGenerator hmac) {
            super(ctx, SocketType.XPUB, hmac, LoggerFactory.getLogger("IOPubChannel"));
        }

        @Override
        public void bind(KernelConnectionProperties props) {
            bind(formatAddress(props.getTransport(), props.getIp(), props.getIopubPort()));
        }
    }
}
