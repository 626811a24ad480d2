package org.threadlab.grade;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.TestSource;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.opentest4j.AssertionFailedError;
import org.threadlab.diagnosis.CellFrames;
import org.threadlab.diagnosis.Reasons;
import org.threadlab.diagnosis.ValueText;

/**
 * Runs JUnit Jupiter test classes through the JUnit Platform Launcher and collects a
 * {@link TestReport}: per test its name, status, time, points and, on failure, the message,
 * expected/actual and the student's own stack frames (classes defined in notebook cells).
 *
 * <pre>{@code
 * TestReport r = new JUnitRun("parallel sum", 6.0, false).run(List.of(SumTests.class));
 * System.out.println(r.text());
 * }</pre>
 *
 * <p><b>Points.</b> A test annotated {@link Points @Points} (or in a class annotated with it) is
 * worth that many. The others share {@code cellPoints} evenly, or are worth 1 each when
 * {@code cellPoints} is NaN.
 *
 * <p><b>Output.</b> What the code prints while the tests run (System.out and System.err, any
 * thread) goes into each test's {@link TestResult#output()}, not to the notebook: see {@link TestOutput}.
 *
 * <p>Tests run on the calling thread, one at a time, in the order of their method names. Thread-safety: a {@code JUnitRun} is
 * immutable; concurrent runs in one JVM take turns, as they capture the global System.out and System.err.
 */
public final class JUnitRun {
    private static volatile Launcher launcher;

    private final String title;
    private final double cellPoints;
    private final boolean qualifyNames;

    /**
     * @param title        what the report is called
     * @param cellPoints   points the tests without {@code @Points} share, or NaN for 1 each
     * @param qualifyNames whether tests are named {@code Class.method} (else just {@code method})
     */
    public JUnitRun(String title, double cellPoints, boolean qualifyNames) {
        this.title = title;
        this.cellPoints = cellPoints;
        this.qualifyNames = qualifyNames;
    }

    private static Launcher launcher() {
        Launcher l = launcher;
        if (l == null) {
            l = LauncherFactory.create();
            launcher = l;
        }
        return l;
    }

    private record Raw(String name, TestResult.Status status, long millis, Double points, Throwable failure, String reason,
                       String output) {
        Raw withMoreOutput(String more) {
            return new Raw(name, status, millis, points, failure, reason, output + more);
        }
    }

    public TestReport run(List<Class<?>> classes) {
        List<DiscoverySelector> selectors = new ArrayList<>();
        for (Class<?> c : classes) {
            selectors.add(DiscoverySelectors.selectClass(c));
        }
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request().selectors(selectors)
                .configurationParameter("junit.jupiter.execution.parallel.enabled", "false")
                .configurationParameter("junit.platform.output.capture.stdout", "false")
                // Java reflection has no declaration order: run and report tests by name, the same every time
                .configurationParameter("junit.jupiter.testmethod.order.default", "org.junit.jupiter.api.MethodOrderer$MethodName")
                .build();
        List<Raw> raws = new ArrayList<>();
        Map<String, Long> started = new ConcurrentHashMap<>();
        TestOutput printed = TestOutput.open();
        TestExecutionListener listener = new TestExecutionListener() {
            @Override
            public void executionStarted(TestIdentifier id) {
                started.put(id.getUniqueId(), System.nanoTime());
            }

            @Override
            public void executionSkipped(TestIdentifier id, String reason) {
                if (id.isTest()) {
                    raws.add(new Raw(name(id), TestResult.Status.SKIPPED, 0, points(id), null, reason, printed.endTest()));
                }
            }

            @Override
            public void executionFinished(TestIdentifier id, TestExecutionResult result) {
                long t0 = started.getOrDefault(id.getUniqueId(), System.nanoTime());
                long ms = (System.nanoTime() - t0) / 1_000_000;
                Throwable failure = result.getThrowable().orElse(null);
                if (id.isTest()) {
                    TestResult.Status status = switch (result.getStatus()) {
                        case SUCCESSFUL -> TestResult.Status.PASSED;
                        case ABORTED -> TestResult.Status.SKIPPED;
                        case FAILED -> TestResult.Status.FAILED;
                    };
                    raws.add(new Raw(name(id), status, ms, points(id), failure, null, printed.endTest()));
                } else if (failure != null && result.getStatus() == TestExecutionResult.Status.FAILED) {
                    // a class-level failure (e.g. @BeforeAll or the constructor threw)
                    raws.add(new Raw(id.getDisplayName() + " (setup)", TestResult.Status.FAILED, ms, null, failure, null,
                            printed.endTest()));
                }
            }
        };
        try (printed) {
            launcher().execute(request, listener);
            // printed after the last test (an @AfterAll, a thread still running) goes with it
            String after = printed.endTest();
            if (!after.isEmpty() && !raws.isEmpty()) {
                raws.set(raws.size() - 1, raws.getLast().withMoreOutput(after));
            }
        }
        return new TestReport(title, assignPoints(raws));
    }

    /**
     * What each of {@code sharing} tests without {@code @Points} is worth: an even share of
     * {@code cellPoints}, or 1 when that is NaN (no points given).
     */
    static double pointsEach(double cellPoints, long sharing) {
        return Double.isNaN(cellPoints) ? 1 : sharing == 0 ? 0 : cellPoints / sharing;
    }

    private List<TestResult> assignPoints(List<Raw> raws) {
        double each = pointsEach(cellPoints, raws.stream().filter(r -> r.points == null).count());
        List<TestResult> out = new ArrayList<>();
        for (Raw r : raws) {
            double max = r.points != null ? r.points : each;
            String message = r.reason == null ? "" : r.reason;
            String expected = null;
            String actual = null;
            String frames = "";
            if (r.failure != null) {
                message = describe(r.failure);
                if (r.failure instanceof AssertionFailedError a) {
                    if (a.isExpectedDefined() && a.isActualDefined()) {
                        // Account@10d18696 tells a student nothing: its class and fields do (ValueText)
                        String e = a.getExpected().getStringRepresentation();
                        String ac = a.getActual().getStringRepresentation();
                        // the ephemeral value: getValue() is null for an object that is not Serializable
                        expected = ValueText.of(a.getExpected().getEphemeralValue(), e);
                        actual = ValueText.of(a.getActual().getEphemeralValue(), ac);
                        message = replaceShown(replaceShown(message, e, expected), ac, actual);
                    }
                }
                frames = studentFrames(r.failure);
            }
            out.add(new TestResult(r.name, r.status, r.millis, r.status == TestResult.Status.PASSED ? max : 0, max,
                    message, expected, actual, frames, r.output, true,
                    r.failure == null || r.failure instanceof AssertionError ? "" : r.failure.getClass().getSimpleName()));
        }
        return out;
    }

    /** {@code message} with JUnit's {@code <shown>} of a value replaced by how it should read. */
    private static String replaceShown(String message, String shown, String better) {
        return shown == null || better == null || shown.equals(better) ? message : message.replace("<" + shown + ">", "<" + better + ">");
    }

    private static String describe(Throwable t) {
        if (t instanceof AssertionError) {
            return t.getMessage() == null ? "assertion failed" : t.getMessage();
        }
        String plain = Reasons.explain(t); // "Input length = 3", "SPIResolutionException": what to fix instead
        if (plain != null) {
            return plain; // the type stays in TestResult.thrown, for JUnit XML
        }
        String msg = t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
        if (t.getCause() != null && t.getCause() != t) {
            msg += "\ncaused by " + t.getCause().getClass().getSimpleName()
                    + (t.getCause().getMessage() == null ? "" : ": " + t.getCause().getMessage());
        }
        return msg;
    }

    /** The student's own frames (classes defined in notebook cells), as {@code "  at Sums.parallel (cell [3], line 7)"} lines. */
    static String studentFrames(Throwable t) {
        return String.join("\n", CellFrames.names(t).stream().limit(8).map(n -> "  at " + n).toList());
    }

    private String name(TestIdentifier id) {
        Optional<TestSource> source = id.getSource();
        if (source.isPresent() && source.get() instanceof MethodSource m) {
            String cls = m.getJavaClass().getSimpleName();
            String base = qualifyNames && !cls.isEmpty() ? cls + "." + m.getMethodName() : m.getMethodName();
            String display = id.getDisplayName();
            // keep a @DisplayName or a parameterized invocation's name when there is one
            if (!display.equals(m.getMethodName() + "()") && !display.startsWith(m.getMethodName() + "(")) {
                return base + " [" + display + "]";
            }
            return base;
        }
        return id.getDisplayName();
    }

    private static Double points(TestIdentifier id) {
        Optional<TestSource> source = id.getSource();
        if (source.isPresent() && source.get() instanceof MethodSource m) {
            try {
                Method method = m.getJavaMethod();
                Points p = method.getAnnotation(Points.class);
                if (p == null) {
                    p = m.getJavaClass().getAnnotation(Points.class);
                }
                return p == null ? null : p.value();
            } catch (RuntimeException e) {
                return null;
            }
        }
        return null;
    }
}
