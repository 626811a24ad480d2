package org.threadlab.kernel;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.dflib.jjava.jupyter.kernel.history.HistoryEntry;
import org.dflib.jjava.jupyter.kernel.history.HistoryManager;

/**
 * The inputs (and text outputs) of this kernel session, in memory: tail, range and search.
 * Only session 0 (the current one) exists. Thread-safe.
 */
final class MemoryHistory implements HistoryManager {
    private record Entry(int cell, String input, String output) {
    }

    private final List<Entry> entries = new ArrayList<>();

    synchronized void add(int cell, String input, String output) {
        entries.add(new Entry(cell, input, output == null ? "" : output));
    }

    @Override
    public synchronized List<HistoryEntry> lookupTail(int length, Set<ResultFlag> flags) {
        int from = Math.max(0, entries.size() - Math.max(0, length));
        return toEntries(entries.subList(from, entries.size()), flags);
    }

    @Override
    public synchronized List<HistoryEntry> lookupRange(int session, int start, int stop, Set<ResultFlag> flags) {
        List<Entry> hits = new ArrayList<>();
        if (session == 0) {
            for (Entry e : entries) {
                if (e.cell >= start && (stop <= 0 || e.cell < stop)) {
                    hits.add(e);
                }
            }
        }
        return toEntries(hits, flags);
    }

    @Override
    public synchronized List<HistoryEntry> search(String pattern, int length, Set<ResultFlag> flags) {
        Pattern glob = Pattern.compile(globToRegex(pattern), Pattern.DOTALL);
        List<Entry> hits = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (int i = entries.size() - 1; i >= 0; i--) {
            Entry e = entries.get(i);
            if (glob.matcher(e.input).matches() && (!flags.contains(ResultFlag.UNIQUE) || seen.add(e.input))) {
                hits.add(0, e);
                if (length > 0 && hits.size() >= length) {
                    break;
                }
            }
        }
        return toEntries(hits, flags);
    }

    /** sqlite GLOB syntax, as the Jupyter protocol specifies: *, ? and [...] with ^ for negation. */
    static String globToRegex(String glob) {
        StringBuilder re = new StringBuilder();
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            switch (c) {
                case '*' -> re.append(".*");
                case '?' -> re.append('.');
                case '[' -> {
                    int close = glob.indexOf(']', i + 2);
                    if (close < 0) {
                        re.append("\\[");
                    } else {
                        String set = glob.substring(i + 1, close);
                        re.append('[').append(set).append(']'); // sqlite's [^...] negates as a regex does
                        i = close;
                    }
                }
                default -> re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return re.toString();
    }

    private static List<HistoryEntry> toEntries(List<Entry> list, Set<ResultFlag> flags) {
        boolean withOutput = flags.contains(ResultFlag.INCLUDE_OUTPUT);
        List<HistoryEntry> out = new ArrayList<>(list.size());
        for (Entry e : list) {
            out.add(new HistoryEntry(0, e.cell, e.input, withOutput ? e.output : null));
        }
        return out;
    }
}
