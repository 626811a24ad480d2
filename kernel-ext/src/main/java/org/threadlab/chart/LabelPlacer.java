package org.threadlab.chart;

import java.awt.geom.Line2D;
import java.awt.geom.Rectangle2D;
import java.util.ArrayList;
import java.util.List;

/**
 * Places text labels on a chart so that none overlaps another, a line or a marker: each label
 * tries positions around its anchor, nearest first, and takes the first that is free and inside
 * the bounds; every placed label then becomes an obstacle for the next. Greedy, in the order
 * asked: put the labels whose place matters most first.
 *
 * <pre>{@code
 * LabelPlacer placer = new LabelPlacer(dataArea);
 * placer.avoid(new Line2D.Double(x0, y0, x1, y1));            // the lines drawn
 * Rectangle2D box = placer.placeNear(px, py, width, height);    // a point's label
 * }</pre>
 *
 * <p>When no position is free (a crowded chart), the one with the fewest collisions is taken:
 * the label is still drawn, and {@link #collisions()} counts what it covers. Not thread-safe.
 */
final class LabelPlacer {
    /** Space kept between a label and what it labels or avoids. */
    static final double GAP = 4;

    private final Rectangle2D bounds;
    private final List<Line2D> lines = new ArrayList<>();
    private final List<Rectangle2D> boxes = new ArrayList<>();
    private final List<Rectangle2D> placed = new ArrayList<>();
    private int collisions;

    LabelPlacer(Rectangle2D bounds) {
        this.bounds = bounds;
    }

    void avoid(Line2D line) {
        lines.add(line);
    }

    void avoid(Rectangle2D box) {
        boxes.add(box);
    }

    /** How far from its point a label may go; beyond this it would no longer read as that point's. */
    static final double REACH = 64;

    /**
     * A label for the point (x, y): the free position nearest the point (within {@value #REACH}
     * px, on a 2 px grid), preferring, at equal distance, above the point, then beside, then below.
     */
    Rectangle2D placeNear(double x, double y, double w, double h) {
        List<double[]> candidates = new ArrayList<>();
        for (double dy = -h - REACH; dy <= REACH; dy += 2) {
            for (double dx = -w - REACH; dx <= REACH; dx += 2) {
                // distance from the point to the nearest edge of the box at (x + dx, y + dy)
                double gx = Math.max(0, Math.max(dx, -(dx + w)));
                double gy = Math.max(0, Math.max(dy, -(dy + h)));
                double d = Math.hypot(gx, gy);
                if (d >= GAP && d <= REACH) {
                    candidates.add(new double[] {d + (dy > -h / 2 ? 0.5 : 0) + (dy > 0 ? 0.5 : 0), x + dx, y + dy});
                }
            }
        }
        candidates.sort((a, b) -> Double.compare(a[0], b[0]));
        List<Rectangle2D> boxes = new ArrayList<>(candidates.size());
        for (double[] c : candidates) {
            boxes.add(new Rectangle2D.Double(c[1], c[2], w, h));
        }
        return take(boxes);
    }

    /** A label for a vertical line at x: beside it, from the top of the bounds down. */
    Rectangle2D placeBesideVertical(double x, double w, double h) {
        List<Rectangle2D> candidates = new ArrayList<>();
        for (double y = bounds.getMinY() + 2; y + h <= bounds.getMaxY(); y += h / 2) {
            candidates.add(new Rectangle2D.Double(x + GAP, y, w, h));
            candidates.add(new Rectangle2D.Double(x - GAP - w, y, w, h));
        }
        return take(candidates);
    }

    /** Labels placed so far, in order. */
    List<Rectangle2D> placed() {
        return List.copyOf(placed);
    }

    /** Obstacles labels had to cover because no free position was left (0 on a readable chart). */
    int collisions() {
        return collisions;
    }

    private Rectangle2D take(List<Rectangle2D> candidates) {
        Rectangle2D best = null;
        int fewest = Integer.MAX_VALUE;
        for (Rectangle2D c : candidates) {
            if (!bounds.contains(c)) {
                continue;
            }
            int n = collisions(c);
            if (n < fewest) {
                best = c;
                fewest = n;
                if (n == 0) {
                    break;
                }
            }
        }
        if (best == null) { // nothing fits inside: the nearest, clamped into the bounds
            Rectangle2D c = candidates.get(0);
            double x = Math.max(bounds.getMinX(), Math.min(c.getX(), bounds.getMaxX() - c.getWidth()));
            double y = Math.max(bounds.getMinY(), Math.min(c.getY(), bounds.getMaxY() - c.getHeight()));
            best = new Rectangle2D.Double(x, y, c.getWidth(), c.getHeight());
            fewest = collisions(best);
        }
        collisions += fewest;
        placed.add(best);
        boxes.add(best);
        return best;
    }

    private int collisions(Rectangle2D c) {
        // a margin of one pixel: touching is as hard to read as overlapping
        Rectangle2D grown = new Rectangle2D.Double(c.getX() - 1, c.getY() - 1, c.getWidth() + 2, c.getHeight() + 2);
        int n = 0;
        for (Rectangle2D b : boxes) {
            n += grown.intersects(b) ? 1 : 0;
        }
        for (Line2D l : lines) {
            n += grown.intersectsLine(l) ? 1 : 0;
        }
        return n;
    }
}
