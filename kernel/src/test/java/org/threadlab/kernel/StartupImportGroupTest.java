package org.threadlab.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * JShell's start-up imports: the defaults and the extensions' compile as one snippet, and an
 * extension's import that does not compile costs neither the defaults nor the kernel.
 */
class StartupImportGroupTest {
    private static final String CLASSPATH = System.getProperty("java.class.path");

    @Test
    void extensionImportsHoldBesideTheDefaultsAndSurviveACellsReimport() {
        List<CellException> failures = new ArrayList<>();
        try (JShellEvaluator java = new JShellEvaluator(CLASSPATH,
                () -> List.of("import org.threadlab.ThreadLab;", "import org.threadlab.record.Recording;"),
                failures::add)) {
            assertEquals(List.of(), failures);
            assertEquals("Recording", java.eval(1, "Recording.class.getSimpleName()"));
            assertEquals("2", String.valueOf(java.eval(2, "BigInteger.TWO")));
            // one group, keyed by ImportGroups.Defaults: a cell's import of a default package drops none of it
            java.eval(3, "import java.util.concurrent.*;");
            assertEquals("ThreadLab", java.eval(4, "ThreadLab.class.getSimpleName()"));
            assertEquals(1, java.eval(5, "new AtomicInteger(1).get()"));
        }
    }

    @Test
    void anExtensionImportThatDoesNotCompileIsReportedAndTheDefaultsStillHold() {
        List<CellException> failures = new ArrayList<>();
        try (JShellEvaluator java = new JShellEvaluator(CLASSPATH,
                () -> List.of("import org.threadlab.ThreadLab;", "import no.such.pkg.*;"), failures::add)) {
            assertEquals(1, failures.size());
            CellException e = failures.get(0);
            assertTrue(e.getMessage().contains("no.such.pkg") || e.traceback().toString().contains("no.such.pkg"),
                    e.getMessage() + " " + e.traceback());
            assertEquals("2", String.valueOf(java.eval(1, "BigInteger.TWO")));
            assertEquals(3L, java.eval(2, "Stream.of(1, 2, 3).count()"));
            // the extensions' group as a whole does not hold, as when it was a snippet of its own
            assertThrows(CellException.class, () -> java.eval(3, "ThreadLab.class"));
        }
    }
}
