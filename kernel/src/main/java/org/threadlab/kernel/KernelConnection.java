package org.threadlab.kernel;

import java.io.PrintStream;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import org.dflib.jjava.jupyter.channels.JupyterConnection;
import org.dflib.jjava.jupyter.channels.IOPubChannel;
import org.dflib.jjava.jupyter.channels.JupyterSocket;
import org.dflib.jjava.jupyter.channels.ShellChannel;
import org.dflib.jjava.jupyter.channels.ShellReplyEnvironment;
import org.dflib.jjava.jupyter.messages.MessageContext;
import org.dflib.jjava.jupyter.kernel.KernelConnectionProperties;
import org.dflib.jjava.jupyter.messages.Message;
import org.dflib.jjava.jupyter.messages.publish.PublishStatus;
import org.zeromq.ZMQ;

/**
 * jjava-jupyter's connection with {@link BlockingShellChannel}s for shell and control and an
 * {@link InterruptSafeIOPub}. The inherited channels they replace are closed unbound.
 *
 * <p>IOPub is bound first and shell last, and the shell handles its first request only once a
 * client has subscribed to IOPub (or {@link #SUBSCRIBER_WAIT_MS} passed): else the busy and idle
 * statuses around that request's reply went to no one.
 */
final class KernelConnection extends JupyterConnection {
    /** At most this long the shell's first request waits for an IOPub subscriber. */
    static final long SUBSCRIBER_WAIT_MS = 1000;

    private final KernelConnectionProperties props;
    private final ZMQ.Context zmq;
    private final BlockingShellChannel fastShell;
    private final BlockingShellChannel fastControl;
    private final InterruptSafeIOPub safeIopub;
    private volatile boolean connected;
    private volatile boolean closed;

    /** @param log the process's stderr, for what goes wrong in the channels */
    KernelConnection(KernelConnectionProperties props, PrintStream log) throws NoSuchAlgorithmException, InvalidKeyException {
        super(props);
        this.props = props;
        this.zmq = ZMQ.context(1);
        var hmac = props.createHMACGenerator();
        this.safeIopub = new InterruptSafeIOPub(zmq, hmac);
        this.fastShell = new BlockingShellChannel(zmq, hmac, false, this, log,
                () -> safeIopub.awaitSubscriber(SUBSCRIBER_WAIT_MS));
        this.fastControl = new BlockingShellChannel(zmq, hmac, true, this, log, () -> { });
        shell.close();
        control.close();
        iopub.close();
    }

    @Override
    public void connect() {
        if (connected) {
            return;
        }
        safeIopub.bind(props);
        heartbeat.bind(props);
        stdin.bind(props);
        fastControl.bind(props);
        fastShell.bind(props);
        connected = true;
        getIOPub().sendMessage(new Message<>(null, PublishStatus.MESSAGE_TYPE, PublishStatus.STARTING));
    }

    @Override
    public IOPubChannel getIOPub() {
        return safeIopub;
    }

    @Override
    public ShellReplyEnvironment prepareReplyEnv(ShellChannel shell, MessageContext context) {
        return new ShellReplyEnvironment(shell, stdin, safeIopub, context) { };
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (JupyterSocket s : new JupyterSocket[] {fastShell, fastControl, safeIopub}) {
            s.close();
        }
        super.close();
        zmq.close();
    }

    @Override
    public void waitUntilClose() {
        fastShell.waitUntilClose();
        fastControl.waitUntilClose();
        heartbeat.waitUntilClose();
    }
}
