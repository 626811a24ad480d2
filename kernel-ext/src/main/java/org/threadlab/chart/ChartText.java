package org.threadlab.chart;

import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Text in charts: measured the way the charts draw it (antialiased, fractional metrics, so a width
 * is the same at every scale), and wrapped to a width rather than cut.
 *
 * <pre>{@code
 * List<String> lines = ChartText.wrap(title, ChartStyle.TITLE, 880, 3);
 * }</pre>
 *
 * <p>Stateless and thread-safe.
 */
final class ChartText {
    /** Font metrics are immutable; Java2D itself shares them between threads. */
    private static final Map<Font, FontMetrics> METRICS = new ConcurrentHashMap<>();

    private ChartText() {
    }

    /** Sets the text hints every chart draws with; measuring with {@link #metrics} then matches drawing. */
    static void hints(Graphics2D g) {
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_ON);
    }

    /** Metrics of {@code font} as the charts draw it; made once per font (every chart's layout asks). */
    static FontMetrics metrics(Font font) {
        return METRICS.computeIfAbsent(font, f -> {
            Graphics2D g = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB).createGraphics();
            try {
                hints(g);
                return g.getFontMetrics(f);
            } finally {
                g.dispose();
            }
        });
    }

    /**
     * {@code text} broken into lines no wider than {@code maxWidth}: at spaces, and inside a word
     * only when the word alone is wider. At most {@code maxLines}; text beyond them is dropped and
     * the last line ends in "…". Never empty: blank text is one empty line.
     */
    static List<String> wrap(String text, Font font, double maxWidth, int maxLines) {
        FontMetrics fm = metrics(font);
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : text.strip().split(" +")) {
            String candidate = line.isEmpty() ? word : line + " " + word;
            if (width(fm, candidate) <= maxWidth) {
                line.setLength(0);
                line.append(candidate);
                continue;
            }
            if (!line.isEmpty()) {
                lines.add(line.toString());
                line.setLength(0);
            }
            String rest = word;
            while (width(fm, rest) > maxWidth && rest.length() > 1) {
                int fit = 1;
                while (fit < rest.length() && width(fm, rest.substring(0, fit + 1)) <= maxWidth) {
                    fit++;
                }
                lines.add(rest.substring(0, fit));
                rest = rest.substring(fit);
            }
            line.append(rest);
        }
        lines.add(line.toString());
        if (lines.size() > maxLines) {
            List<String> kept = new ArrayList<>(lines.subList(0, maxLines));
            String last = kept.get(maxLines - 1);
            while (!last.isEmpty() && width(fm, last + " …") > maxWidth) {
                last = last.substring(0, last.length() - 1);
            }
            kept.set(maxLines - 1, last.stripTrailing() + " …");
            return kept;
        }
        return lines;
    }

    static double width(FontMetrics fm, String s) {
        return fm.getStringBounds(s, null).getWidth();
    }
}
