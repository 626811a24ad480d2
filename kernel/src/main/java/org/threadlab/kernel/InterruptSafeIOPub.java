package org.threadlab.kernel;

import org.dflib.jjava.jupyter.channels.IOPubChannel;
import org.dflib.jjava.jupyter.messages.HMACGenerator;
import org.dflib.jjava.jupyter.messages.Message;
import org.zeromq.ZMQ;

/**
 * The IOPub channel, sending also from threads whose interrupt flag is set.
 *
 * <p>JeroMQ fails a send from an interrupted thread with EINTR, possibly after part of a
 * multipart message went out, which corrupts the stream for every later message. Cell code, a
 * recorder's timeout or a cancelled benchmark can leave the flag set on a thread that then
 * prints or displays; the flag is cleared for the send and restored after it.
 */
final class InterruptSafeIOPub extends IOPubChannel {
    InterruptSafeIOPub(ZMQ.Context ctx, HMACGenerator hmac) {
        super(ctx, hmac);
    }

    @Override
    public synchronized void sendMessage(Message<?> message) {
        uninterrupted(() -> super.sendMessage(message));
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
}
