package org.threadlab.grade;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

/**
 * Serial code must fail {@link Concurrency#assertRanConcurrently} also on the JVM's very first
 * use of JFR, where a late end stamp once made it pass: each run is a fresh JVM whose first JFR
 * recording is that assertion.
 */
class ConcurrencyFirstJfrUseTest {
    static final int JVMS = 3;
    static final int RUNS_EACH = 10;

    /** In a fresh JVM: {@code RUNS_EACH} serial sums under the assertion, the first one JFR's first use; exits with how many passed. */
    public static void main(String[] args) throws Throwable {
        int passed = 0;
        for (int run = 1; run <= RUNS_EACH; run++) {
            try {
                Concurrency.assertRanConcurrently(2, ConcurrencyEvidenceTest::serialSum);
                passed++;
                System.out.println("run " + run + ": serial start-join-start-join was judged concurrent");
            } catch (AssertionFailedError expected) {
                System.out.println("run " + run + ": failed as it should: " + expected.getMessage());
            }
        }
        System.exit(passed);
    }

    @Test
    void serialCodeFailsOnTheFirstUseOfJfrInAFreshJvm() throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        for (int jvm = 1; jvm <= JVMS; jvm++) {
            Process p = new ProcessBuilder(List.of(java, "-Djava.awt.headless=true", "-cp", classpath,
                    ConcurrencyFirstJfrUseTest.class.getName())).redirectErrorStream(true).start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(120, TimeUnit.SECONDS), "fresh JVM " + jvm + " did not finish:\n" + out);
            assertEquals(0, p.exitValue(), "fresh JVM " + jvm + ": serial runs judged concurrent:\n" + out);
            assertTrue(out.contains("run " + RUNS_EACH + ": failed as it should: expected at least 2 threads"),
                    "fresh JVM " + jvm + " did not run every serial run:\n" + out);
        }
    }
}
