package org.threadlab.record;

import java.util.Locale;
import org.threadlab.text.Durations;

/** Renders a {@link Recording} as the {@code text/plain} summary: headline figures, then a per-thread table. */
final class SummaryText {
    private static final ThreadState[] STATES = ThreadState.values();
    static final String VIRTUAL_NOTE =
            "virtual threads: CPU per thread is not measurable; their waits and blocks are sampled (Thread.getState),"
            + " and their time outside those and sleep/I-O events is 'unknown'";
    static final String VIRTUAL_NOTE_UNSAMPLED =
            "virtual threads: CPU per thread is not measurable, and their waits and blocks could not be sampled in this"
            + " JVM (it needs --add-exports java.base/jdk.internal.vm=ALL-UNNAMED), so their time outside sleep/I-O"
            + " events is 'unknown'";

    /** The note under the table when sampling virtual threads' states failed {@code atMs} into the recording. */
    static String virtualNoteStopped(double atMs, String cause) {
        return VIRTUAL_NOTE + "; sampling failed at " + duration(atMs) + " (" + cause
                + "), so after that all of their time outside sleep/I-O events is 'unknown'";
    }
    private final Recording r;

    SummaryText(Recording r) {
        this.r = r;
    }

    static String headline(Recording r) {
        return (r.title().isEmpty() ? "" : r.title() + ": ") + figures(r);
    }

    /** The headline without the title: threads, wall, CPU, parallelism, blocked, waiting, how it ended. */
    static String figures(Recording r) {
        Summary s = r.summary();
        StringBuilder b = new StringBuilder();
        b.append(s.threads()).append(s.threads() == 1 ? " thread" : " threads");
        if (s.virtualThreads() > 0) {
            b.append(" (").append(s.virtualThreads()).append(" virtual)");
        }
        b.append(String.format(Locale.ROOT, ", wall %s, CPU %s, effective parallelism %.2f, blocked %s, waiting %s",
                duration(s.wallMs()), duration(s.cpuMs()), s.effectiveParallelism(),
                duration(s.blockedMs()), duration(s.waitingMs())));
        if (r.timedOut()) {
            b.append(" [timed out: recorded up to the timeout]");
        } else if (r.failure().isPresent()) {
            b.append(" [failed: ").append(r.failure().get()).append(']');
        }
        return b.toString();
    }

    String render(int maxRows) {
        StringBuilder b = new StringBuilder(headline(r)).append('\n');
        Summary s = r.summary();
        b.append(String.format(Locale.ROOT, "time by state (all threads): %s%n", byState(s)));
        int rows = Math.min(maxRows, r.threads().size());
        if (rows == 0) {
            return b.append("no threads were started\n").toString();
        }
        int nameWidth = 6;
        int originWidth = 6;
        for (int i = 0; i < rows; i++) {
            nameWidth = Math.max(nameWidth, Math.min(28, r.threads().get(i).label().length()));
            originWidth = Math.max(originWidth, Math.min(28, r.threads().get(i).origin().length()));
        }
        String head = "%-" + nameWidth + "s %-4s %-" + originWidth + "s %9s %9s %9s";
        b.append(String.format(Locale.ROOT, head, "thread", "kind", "origin", "start", "end", "cpu"));
        for (ThreadState st : STATES) {
            b.append(String.format(Locale.ROOT, " %9s", st.label()));
        }
        b.append('\n');
        for (int i = 0; i < rows; i++) {
            ThreadRecord t = r.threads().get(i);
            b.append(String.format(Locale.ROOT, head, clip(t.label(), 28),
                    t.virtual() ? "virt" : "plat", clip(t.origin(), 28), duration(t.startMs()),
                    t.ended() ? duration(t.endMs()) : "alive", t.cpuNanos() < 0 ? "n/a" : duration(t.cpuNanos() / 1e6)));
            for (ThreadState st : STATES) {
                b.append(String.format(Locale.ROOT, " %9s", duration(r.msIn(i, st))));
            }
            b.append('\n');
        }
        if (rows < r.threads().size()) {
            b.append("... ").append(notListed(r, rows)).append('\n');
        }
        if (s.virtualThreads() > 0) {
            b.append(r.virtualNote()).append('\n');
        }
        return b.toString();
    }

    static String notListed(Recording r, int rows) {
        return String.format(Locale.ROOT, "%d more threads not listed (%d threads in total)", r.threads().size() - rows,
                r.threads().size());
    }

    static String byState(Summary s) {
        StringBuilder b = new StringBuilder();
        for (ThreadState st : STATES) {
            double ms = s.msByState().getOrDefault(st, 0.0);
            if (ms > 0) {
                b.append(b.isEmpty() ? "" : ", ").append(st.label()).append(' ').append(duration(ms));
            }
        }
        return b.isEmpty() ? "none" : b.toString();
    }

    static String clip(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }

    static String duration(double ms) {
        return Durations.format(ms);
    }
}
