package org.threadlab.record;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.IntPredicate;
import java.util.stream.IntStream;

/**
 * Which platform lanes the recorder saw alive at each CPU poll: evidence of being alive that
 * needs no timestamp. Each poll asks the JVM for its live threads in one call
 * ({@code ThreadMXBean.getAllThreadIds}); HotSpot builds that list from one snapshot of its
 * threads and leaves out any thread already exiting, which a thread is before {@code join()} on
 * it returns. So two lanes seen at the same poll were truly alive at the same time; a thread
 * started only after another was joined is never seen with it. JFR's end stamps can come late
 * (after {@code join()} returned); these cannot. Virtual threads are not listed, so never seen.
 *
 * <pre>{@code
 * Sightings s = recording.sightings();
 * for (int p = 0; p < s.polls(); p++) {
 *     System.out.println(s.pollMs(p) + " ms: lanes " + Arrays.toString(s.aliveAt(p)));
 * }
 * }</pre>
 *
 * <p>Immutable (arrays are copied in and never handed out), so safe to share between threads.
 */
public final class Sightings {
    private final double[] pollMs;
    private final int[][] pollsOfLane; // ascending poll indices per lane; no index by poll, which would double the size

    /**
     * @param pollMs      when each poll ran, in ms from the recording's start, ascending
     * @param pollsOfLane for each lane, the indices of the polls that saw it alive (any order)
     */
    public Sightings(double[] pollMs, List<int[]> pollsOfLane) {
        this.pollMs = pollMs.clone();
        this.pollsOfLane = new int[pollsOfLane.size()][];
        for (int lane = 0; lane < this.pollsOfLane.length; lane++) {
            int[] polls = Objects.requireNonNull(pollsOfLane.get(lane), "polls of lane " + lane).clone();
            Arrays.sort(polls);
            for (int i = 0; i < polls.length; i++) {
                if (polls[i] < 0 || polls[i] >= pollMs.length || (i > 0 && polls[i] == polls[i - 1])) {
                    throw new IllegalArgumentException("lane " + lane + ": bad or repeated poll " + polls[i]);
                }
            }
            this.pollsOfLane[lane] = polls;
        }
    }

    /** No polls: nothing was seen (a recording built by hand, or one without a CPU sampler). */
    public static Sightings none(int lanes) {
        return new Sightings(new double[0], java.util.Collections.nCopies(lanes, new int[0]));
    }

    public int polls() {
        return pollMs.length;
    }

    public int lanes() {
        return pollsOfLane.length;
    }

    /** When poll {@code p} ran, in ms from the recording's start. */
    public double pollMs(int p) {
        return pollMs[p];
    }

    /** The lanes poll {@code p} saw alive, ascending. */
    public int[] aliveAt(int p) {
        return IntStream.range(0, pollsOfLane.length).filter(lane -> Arrays.binarySearch(pollsOfLane[lane], p) >= 0).toArray();
    }

    /** The most lanes accepted by {@code counted} that one poll saw alive together; 0 if none was seen. */
    public int mostSeenTogether(IntPredicate counted) {
        int[] seen = new int[pollMs.length];
        int most = 0;
        for (int lane = 0; lane < pollsOfLane.length; lane++) {
            if (counted.test(lane)) {
                for (int p : pollsOfLane[lane]) {
                    most = Math.max(most, ++seen[p]);
                }
            }
        }
        return most;
    }

    /** How many polls saw lane {@code lane} alive. */
    public int timesSeen(int lane) {
        return pollsOfLane[lane].length;
    }

    /** When lane {@code lane} was first seen alive, in ms; NaN if never. */
    public double firstSeenMs(int lane) {
        int[] p = pollsOfLane[lane];
        return p.length == 0 ? Double.NaN : pollMs[p[0]];
    }

    /** When lane {@code lane} was last seen alive, in ms; NaN if never. */
    public double lastSeenMs(int lane) {
        int[] p = pollsOfLane[lane];
        return p.length == 0 ? Double.NaN : pollMs[p[p.length - 1]];
    }
}
