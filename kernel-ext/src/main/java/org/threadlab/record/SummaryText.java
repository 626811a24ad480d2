package org.threadlab.record;

import java.util.Locale;
import org.threadlab.text.Durations;

/** Renders a {@link Recording} as the {@code text/plain} summary: headline figures, then a per-thread table. */
final class SummaryText {
    private static final ThreadState[] STATES = ThreadState.values();
    private final Recording r;

    SummaryText(Recording r) {
        this.r = r;
    }

    static String headline(Recording r) {
        Summary s = r.summary();
        StringBuilder b = new StringBuilder();
        if (!r.title().isEmpty()) {
            b.append(r.title()).append(": ");
        }
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
        for (int i = 0; i < rows; i++) {
            nameWidth = Math.max(nameWidth, Math.min(28, r.threads().get(i).label().length()));
        }
        String nameFmt = "%-" + nameWidth + "s";
        b.append(String.format(Locale.ROOT, nameFmt + " %-4s %-16s %9s %9s %9s", "thread", "kind", "spawned by",
                "start", "end", "cpu"));
        for (ThreadState st : STATES) {
            b.append(String.format(Locale.ROOT, " %9s", st.label()));
        }
        b.append('\n');
        for (int i = 0; i < rows; i++) {
            ThreadRecord t = r.threads().get(i);
            b.append(String.format(Locale.ROOT, nameFmt + " %-4s %-16s %9s %9s %9s", clip(t.label(), 28),
                    t.virtual() ? "virt" : "plat", clip(t.spawnedBy().orElse("?"), 16), duration(t.startMs()),
                    t.ended() ? duration(t.endMs()) : "alive", t.cpuNanos() < 0 ? "n/a" : duration(t.cpuNanos() / 1e6)));
            for (ThreadState st : STATES) {
                b.append(String.format(Locale.ROOT, " %9s", duration(r.msIn(i, st))));
            }
            b.append('\n');
        }
        if (rows < r.threads().size()) {
            b.append(String.format(Locale.ROOT, "... %d more threads not listed (%d threads in total)%n",
                    r.threads().size() - rows, r.threads().size()));
        }
        if (s.virtualThreads() > 0) {
            b.append("virtual threads: CPU per thread is not measurable; their time outside sleep/lock/I-O events is 'unknown'\n");
        }
        return b.toString();
    }

    private static String byState(Summary s) {
        StringBuilder b = new StringBuilder();
        for (ThreadState st : STATES) {
            double ms = s.msByState().getOrDefault(st, 0.0);
            if (ms > 0) {
                b.append(b.isEmpty() ? "" : ", ").append(st.label()).append(' ').append(duration(ms));
            }
        }
        return b.isEmpty() ? "none" : b.toString();
    }

    private static String clip(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }

    static String duration(double ms) {
        return Durations.format(ms);
    }
}
