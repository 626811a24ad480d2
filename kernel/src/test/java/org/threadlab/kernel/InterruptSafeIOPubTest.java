package org.threadlab.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.dflib.jjava.jupyter.kernel.KernelConnectionProperties;
import org.dflib.jjava.jupyter.messages.HMACGenerator;
import org.dflib.jjava.jupyter.messages.Message;
import org.dflib.jjava.jupyter.messages.publish.PublishStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.zeromq.SocketType;
import org.zeromq.ZMQ;

/** The IOPub channel over real JeroMQ sockets on a local port: it tells when a client has subscribed. */
class InterruptSafeIOPubTest {
    private ZMQ.Context zmq;
    private InterruptSafeIOPub iopub;
    private int port;

    @BeforeEach
    void bind() throws Exception {
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        zmq = ZMQ.context(1);
        iopub = new InterruptSafeIOPub(zmq, HMACGenerator.NO_AUTH_INSTANCE);
        iopub.bind(new KernelConnectionProperties("127.0.0.1", 0, 0, 0, 0, port, "tcp", "hmac-sha256", ""));
    }

    @AfterEach
    void close() {
        iopub.close();
        zmq.close();
    }

    private ZMQ.Socket subscriber() {
        ZMQ.Socket sub = zmq.socket(SocketType.SUB);
        sub.setReceiveTimeOut(10_000);
        sub.connect("tcp://127.0.0.1:" + port);
        sub.subscribe(new byte[0]);
        return sub;
    }

    @Test
    void withoutASubscriberTheWaitEndsAtItsTimeout() {
        long t0 = System.nanoTime();
        assertFalse(iopub.awaitSubscriber(60));
        assertTrue(System.nanoTime() - t0 >= TimeUnit.MILLISECONDS.toNanos(60));
    }

    @Test
    void aSubscriberEndsTheWaitAndThenGetsWhatIsSent() {
        ZMQ.Socket sub = subscriber();
        try {
            assertTrue(iopub.awaitSubscriber(10_000));
            iopub.sendMessage(new Message<>(null, PublishStatus.MESSAGE_TYPE, PublishStatus.BUSY));
            byte[] first = sub.recv();
            assertNotNull(first, "a message reached the subscriber");
            assertTrue(iopub.awaitSubscriber(0), "once subscribed, it stays so");
        } finally {
            sub.close();
        }
    }

    @Test
    void sendsFromOtherThreadsGoOnWhileTheShellWaits() throws Exception {
        CompletableFuture<Boolean> waiting = CompletableFuture.supplyAsync(() -> iopub.awaitSubscriber(2_000));
        Thread.sleep(50); // the wait is under way, with no subscriber yet
        long t0 = System.nanoTime();
        iopub.sendMessage(new Message<>(null, PublishStatus.MESSAGE_TYPE, PublishStatus.IDLE)); // to no one
        assertTrue(System.nanoTime() - t0 < TimeUnit.MILLISECONDS.toNanos(1_000), "the send did not wait for the wait");
        ZMQ.Socket sub = subscriber();
        try {
            assertTrue(waiting.get(10, TimeUnit.SECONDS));
        } finally {
            sub.close();
        }
    }

    @Test
    void aClosedChannelEndsTheWait() throws Exception {
        CompletableFuture<Boolean> waiting = CompletableFuture.supplyAsync(() -> iopub.awaitSubscriber(60_000));
        Thread.sleep(50);
        iopub.close();
        assertEquals(false, waiting.get(10, TimeUnit.SECONDS));
    }

    @Test
    void anInterruptedSenderStillSendsAndKeepsItsFlag() {
        ZMQ.Socket sub = subscriber();
        try {
            assertTrue(iopub.awaitSubscriber(10_000));
            Thread.currentThread().interrupt();
            try {
                iopub.sendMessage(new Message<>(null, PublishStatus.MESSAGE_TYPE, PublishStatus.BUSY));
                assertTrue(Thread.currentThread().isInterrupted());
            } finally {
                Thread.interrupted();
            }
            byte[] first = sub.recv();
            assertNotNull(first);
            assertArrayEquals("<IDS|MSG>".getBytes(StandardCharsets.US_ASCII), skipToDelimiter(sub, first));
        } finally {
            sub.close();
        }
    }

    /** The frames of one message up to its delimiter (a PUB message has no identities, so it is the first). */
    private static byte[] skipToDelimiter(ZMQ.Socket sub, byte[] frame) {
        byte[] f = frame;
        while (!new String(f, StandardCharsets.US_ASCII).equals("<IDS|MSG>") && sub.hasReceiveMore()) {
            f = sub.recv();
        }
        return f;
    }
}
