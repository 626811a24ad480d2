package org.threadlab;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Properties;
import org.threadlab.bench.BenchResult;
import org.threadlab.record.Recording;
import org.threadlab.grade.TestReport;

/**
 * What notebook code reaches ThreadLab through: the version, and the last results of the magics,
 * so a later cell can keep working with them.
 *
 * <pre>{@code
 * BenchResult r = ThreadLab.lastBench();
 * r.speedup(2)
 * }</pre>
 *
 * <p>Thread-safety: all methods may be called from any thread.
 */
public final class ThreadLab {
    /**
     * The packages every cell of a ThreadLab notebook sees imported: JShell's own default start-up
     * plus the concurrency packages. ThreadLab's kernel imports them; the IJava bridge adds them to IJava's.
     */
    public static final List<String> NOTEBOOK_PACKAGES = List.of(
            "java.io.*", "java.math.*", "java.net.*", "java.net.http.*", "java.nio.file.*", "java.time.*",
            "java.util.*", "java.util.concurrent.*", "java.util.concurrent.atomic.*",
            "java.util.concurrent.locks.*", "java.util.function.*", "java.util.regex.*", "java.util.stream.*");

    private static final String VERSION = readVersion();
    private static volatile BenchResult lastBench;
    private static volatile Recording lastRecording;
    private static volatile TestReport lastJUnit;

    private ThreadLab() {
    }

    /** The ThreadLab version, e.g. {@code 0.1.0-SNAPSHOT}. */
    public static String version() {
        return VERSION;
    }

    /** The result of the last {@code %%bench} in this kernel, or null. */
    public static BenchResult lastBench() {
        return lastBench;
    }

    /** Keeps {@code result} as {@link #lastBench()}. */
    public static void rememberBench(BenchResult result) {
        lastBench = result;
    }

    /** The recording of the last {@code %%threads} or {@code %pattern} in this kernel, or null. */
    public static Recording lastRecording() {
        return lastRecording;
    }

    /** Keeps {@code recording} as {@link #lastRecording()}. */
    public static void rememberRecording(Recording recording) {
        lastRecording = recording;
    }

    /** The report of the last {@code %%junit} cell in this kernel, or null. */
    public static TestReport lastJUnit() {
        return lastJUnit;
    }

    /** Keeps {@code report} as {@link #lastJUnit()}. */
    public static void rememberJUnit(TestReport report) {
        lastJUnit = report;
    }

    private static String readVersion() {
        Properties p = new Properties();
        try (InputStream in = ThreadLab.class.getResourceAsStream("threadlab.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            // informational only
        }
        return p.getProperty("version", "dev");
    }
}
