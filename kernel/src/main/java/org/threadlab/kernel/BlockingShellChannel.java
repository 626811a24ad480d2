package org.threadlab.kernel;

import java.io.PrintStream;
import org.dflib.jjava.jupyter.channels.JupyterConnection;
import org.dflib.jjava.jupyter.channels.ShellChannel;
import org.dflib.jjava.jupyter.channels.ShellHandler;
import org.dflib.jjava.jupyter.channels.ShellReplyEnvironment;
import org.dflib.jjava.jupyter.kernel.KernelConnectionProperties;
import org.dflib.jjava.jupyter.messages.HMACGenerator;
import org.dflib.jjava.jupyter.messages.Message;
import org.dflib.jjava.jupyter.messages.request.ExecuteRequest;
import org.zeromq.ZMQ;

/**
 * A shell or control channel that waits for requests in a blocking poll.
 *
 * <p>jjava-jupyter's {@link ShellChannel} polls without waiting and then sleeps 50 ms, which puts
 * up to 50 ms on every request's round trip. Here the thread blocks in {@code poll} and handles a
 * request as soon as it arrives; the poll timeout only bounds how long a close takes to notice.
 *
 * <p>The loop runs in a {@link VitalThread}: should it end before the channel is closed, the
 * kernel process exits (with the reason on stderr) rather than stay up without answering.
 */
final class BlockingShellChannel extends ShellChannel {
    private static final long POLL_TIMEOUT_MS = 200;
    /** Test hook, read for tests only: the shell loop fails on an execute request whose code is this value. */
    private static final String FAIL_ON_CODE = System.getenv("THREADLAB_TEST_SHELL_LOOP_FAILS_ON");

    private final boolean control;
    private final JupyterConnection connection;
    private final PrintStream log;
    private final Runnable beforeFirstRequest;
    private volatile Thread loop;
    private volatile boolean running;

    /**
     * @param log the process's stderr: why a request went unanswered, or why the loop ended
     * @param beforeFirstRequest runs on the channel's thread once, before it handles its first request
     */
    BlockingShellChannel(ZMQ.Context ctx, HMACGenerator hmac, boolean control, JupyterConnection connection,
            PrintStream log, Runnable beforeFirstRequest) {
        super(ctx, hmac, control, connection);
        this.control = control;
        this.connection = connection;
        this.log = log;
        this.beforeFirstRequest = beforeFirstRequest;
    }

    @Override
    public void bind(KernelConnectionProperties props) {
        if (loop != null) {
            throw new IllegalStateException("channel already bound");
        }
        int port = control ? props.getControlPort() : props.getShellPort();
        super.bind(props.getTransport() + "://" + props.getIp() + ":" + port);
        ZMQ.Poller poller = ctx.poller(1);
        poller.register(this, ZMQ.Poller.POLLIN);
        running = true;
        // without this thread the kernel is deaf: if it ends before a shutdown, the process exits
        loop = VitalThread.unstarted(control ? "jupyter-control" : "jupyter-shell", () -> serve(poller), () -> running, log);
        loop.start();
    }

    private void serve(ZMQ.Poller poller) {
        boolean first = true;
        try {
            while (running) {
                if (poller.poll(POLL_TIMEOUT_MS) <= 0 || !running) {
                    continue;
                }
                Message<?> message = readMessage();
                if (message == null) {
                    continue;
                }
                if (first) {
                    first = false;
                    try {
                        beforeFirstRequest.run();
                    } catch (RuntimeException e) { // a wait that fails must not end the loop: the request goes on
                        log.println("threadlab: before the first " + (control ? "control" : "shell") + " request: " + e);
                    }
                }
                failIfTestHookAsks(message);
                handle(message);
            }
        } finally {
            poller.close();
        }
    }

    private void failIfTestHookAsks(Message<?> message) {
        if (FAIL_ON_CODE != null && !control && message.getContent() instanceof ExecuteRequest request
                && FAIL_ON_CODE.equals(request.getCode())) {
            throw new Error("the shell loop fails on purpose (test hook THREADLAB_TEST_SHELL_LOOP_FAILS_ON)");
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private void handle(Message<?> message) {
        ShellHandler handler = connection.getHandler(message.getHeader().getType());
        if (handler == null) {
            logger.warn("Unhandled message: {}", message.getHeader().getType().getName());
            return;
        }
        ShellReplyEnvironment env = connection.prepareReplyEnv(this, message);
        try {
            handler.handle(env, message);
        } catch (Exception | Error e) {
            // one request fails, not the loop: JShell's parser overflows its stack on deeply nested code
            // in a completion request, for one, and wraps that in an InternalError
            log.println("threadlab: could not answer a " + message.getHeader().getType().getName() + ": " + e);
            e.printStackTrace(log);
        } finally {
            env.resolveDeferrals();
        }
        if (env.isMarkedForShutdown()) {
            running = false;
            connection.close();
        }
    }

    /** Replies also from an interrupted thread (see {@link InterruptSafeIOPub} for why). */
    @Override
    public synchronized void sendMessage(Message<?> message) {
        InterruptSafeIOPub.uninterrupted(() -> super.sendMessage(message));
    }

    @Override
    public void close() {
        running = false;
        super.close();
    }

    @Override
    public void waitUntilClose() {
        Thread t = loop;
        if (t != null && t != Thread.currentThread()) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
