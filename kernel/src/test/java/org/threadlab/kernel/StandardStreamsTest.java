package org.threadlab.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The kernel's System.out, System.err and System.in are back in place around every cell, and a replacing cell is told. */
class StandardStreamsTest {
    private PrintStream realOut;
    private PrintStream realErr;
    private InputStream realIn;
    private final ByteArrayOutputStream errText = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(OutputStream.nullOutputStream());
    private final PrintStream err = new PrintStream(errText, true, StandardCharsets.UTF_8);
    private final InputStream in = new ByteArrayInputStream(new byte[0]);
    private StandardStreams streams;

    @BeforeEach
    void install() {
        realOut = System.out;
        realErr = System.err;
        realIn = System.in;
        streams = new StandardStreams(out, err, in);
    }

    @AfterEach
    void restoreTheTestJvmsStreams() {
        System.setOut(realOut);
        System.setErr(realErr);
        System.setIn(realIn);
    }

    private void assertKernelStreamsInPlace() {
        assertSame(out, System.out);
        assertSame(err, System.err);
        assertSame(in, System.in);
    }

    @Test
    void streamsACellLeftReplacedArePutBackAndTheCellIsTold() {
        System.setOut(null);
        System.setIn(new ByteArrayInputStream(new byte[0]));
        streams.afterCell();
        assertKernelStreamsInPlace();
        assertEquals("threadlab: System.out and System.in were replaced during this cell and not restored; "
                + "the next cells get the notebook's own back.\n", errText.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aMutedSystemErrIsPutBackBeforeTheNoteIsWritten() {
        System.setErr(new PrintStream(OutputStream.nullOutputStream()));
        streams.afterCell();
        assertKernelStreamsInPlace();
        assertEquals("threadlab: System.err was replaced during this cell and not restored; the next cells get the notebook's own back.\n",
                errText.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aCellThatRestoresWhatItReplacedIsNotTold() {
        PrintStream saved = System.out;
        System.setOut(new PrintStream(new ByteArrayOutputStream()));
        System.setOut(saved);
        streams.afterCell();
        assertKernelStreamsInPlace();
        assertEquals("", errText.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aReplacementBetweenCellsIsPutRightWhenTheNextCellStarts() {
        System.setOut(new PrintStream(OutputStream.nullOutputStream()));
        streams.beforeCell();
        assertKernelStreamsInPlace();
        assertEquals("threadlab: System.out was replaced after the last cell ended (by a thread a cell started); "
                + "this cell has the notebook's own again.\n", errText.toString(StandardCharsets.UTF_8));
    }
}
