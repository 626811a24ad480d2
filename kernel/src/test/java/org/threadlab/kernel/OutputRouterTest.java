package org.threadlab.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.dflib.jjava.jupyter.messages.Header;
import org.dflib.jjava.jupyter.messages.Message;
import org.dflib.jjava.jupyter.messages.MessageContext;
import org.dflib.jjava.jupyter.messages.MessageType;
import org.dflib.jjava.jupyter.messages.publish.PublishStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class OutputRouterTest {
    private final List<Message<?>> sent = new CopyOnWriteArrayList<>();
    private final ByteArrayOutputStream fallback = new ByteArrayOutputStream();
    private final OutputRouter router = new OutputRouter(new PrintStream(fallback, true, StandardCharsets.UTF_8));

    @AfterEach
    void close() {
        router.close();
    }

    private Cell cell(String id) {
        MessageContext ctx = new Message<>(new Header<>(id, "user", "session", null, MessageType.EXECUTE_REQUEST, "5.3"), null);
        return new Cell(ctx, sent::add);
    }

    /** The stream text published with {@code cell} as parent. */
    private String textOf(Cell cell) {
        StringBuilder sb = new StringBuilder();
        for (Message<?> m : sent) {
            if (m.getParentHeader() != null && m.getParentHeader().getId().equals(cell.request().getHeader().getId())
                    && m.getContent() instanceof PublishStream ps) {
                sb.append(ps.getText());
            }
        }
        return sb.toString();
    }

    @Test
    void aThreadPrintsIntoTheCellThatStartedItEvenAfterALaterCellBegan() throws Exception {
        Cell first = cell("first");
        Cell second = cell("second");
        Object gate = new Object();
        Thread[] worker = new Thread[1];
        Thread cellThread = new Thread(() -> {
            router.enter(first);
            worker[0] = new Thread(() -> {
                synchronized (gate) {
                    try {
                        gate.wait(5000);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                router.out.println("late");
            });
            worker[0].start();
            router.leave(first);
        });
        cellThread.start();
        cellThread.join();
        Thread secondThread = new Thread(() -> {
            router.enter(second);
            router.out.println("now");
            synchronized (gate) {
                gate.notifyAll();
            }
            try {
                worker[0].join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            router.leave(second);
        });
        secondThread.start();
        secondThread.join();
        first.flush();
        assertEquals("late\n", textOf(first));
        assertEquals("now\n", textOf(second));
    }

    @Test
    void threadsWithoutACellPrintIntoTheRunningCell() throws Exception {
        Cell running = cell("running");
        // constructed before any cell began, like a pool thread: it inherits no cell
        Thread orphan = new Thread(() -> router.out.print("orphan"));
        Thread cellThread = new Thread(() -> {
            router.enter(running);
            orphan.start();
            try {
                orphan.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        cellThread.start();
        cellThread.join();
        router.leave(running);
        assertEquals("orphan", textOf(running));
    }

    /** The {@code stream} text published with {@code cell} as parent. */
    private String textOf(Cell cell, PublishStream.StreamType stream) {
        StringBuilder sb = new StringBuilder();
        for (Message<?> m : sent) {
            if (m.getParentHeader().getId().equals(cell.request().getHeader().getId())
                    && m.getContent() instanceof PublishStream ps && ps.getStreamType() == stream) {
                sb.append(ps.getText());
            }
        }
        return sb.toString();
    }

    @Test
    void closingTheStreamsIsIgnoredAndTheClosingCellIsToldOnce() throws Exception {
        Cell closer = cell("closer");
        router.enter(closer);
        router.out.print("a");
        router.out.close();
        router.out.close();
        router.out.print("b");
        // closed from a thread the cell started, as through a PrintWriter wrapped around it
        Thread t = new Thread(() -> {
            try (java.io.PrintWriter w = new java.io.PrintWriter(router.err)) {
                w.print("c");
            }
        });
        t.start();
        t.join();
        router.leave(closer);
        assertEquals("ab", textOf(closer, PublishStream.StreamType.OUT));
        assertEquals("threadlab: System.out.close() is ignored: the notebook's System.out stays open for this cell and later ones.\n"
                + "cthreadlab: System.err.close() is ignored: the notebook's System.err stays open for this cell and later ones.\n",
                textOf(closer, PublishStream.StreamType.ERR));

        Cell next = cell("next");
        router.enter(next);
        router.out.print("still printing");
        router.leave(next);
        assertEquals("still printing", textOf(next, PublishStream.StreamType.OUT));
    }

    @Test
    void beforeAnyCellOutputGoesToTheFallbackStream() throws Exception {
        Thread t = new Thread(() -> router.err.print("boot"));
        t.start();
        t.join();
        assertEquals("boot", fallback.toString(StandardCharsets.UTF_8));
        assertEquals(List.of(), sent);
    }

    @Test
    void multiByteCharactersSplitAcrossWritesArriveWhole() {
        byte[] utf8 = "é€😀".getBytes(StandardCharsets.UTF_8);
        assertEquals(0, Cell.completeUtf8Length(new byte[] {utf8[0]}));
        assertEquals(2, Cell.completeUtf8Length(new byte[] {utf8[0], utf8[1], utf8[2]}));
        assertEquals(utf8.length, Cell.completeUtf8Length(utf8));
        Cell c = cell("utf");
        c.write(PublishStream.StreamType.OUT, utf8, 0, 3);
        c.flush();
        c.write(PublishStream.StreamType.OUT, utf8, 3, utf8.length - 3);
        c.flush();
        assertEquals("é€😀", textOf(c));
    }
}
