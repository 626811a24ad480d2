package org.threadlab.chart;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Stroke;
import java.awt.image.BufferedImage;

/**
 * The look every ThreadLab chart shares: fonts, neutral colours, and PNG encoding.
 * State colours live on {@link org.threadlab.record.ThreadState}.
 */
public final class ChartStyle {
    public static final Color BACKGROUND = Color.WHITE;
    public static final Color GRID = new Color(0xDD, 0xDD, 0xDD);
    public static final Color AXIS = new Color(0x33, 0x33, 0x33);
    /** Series colours for non-state charts (bench): Okabe–Ito blue, vermillion, bluish green, reddish purple, orange. */
    public static final Color[] SERIES = {
        new Color(0x00, 0x72, 0xB2), new Color(0xD5, 0x5E, 0x00), new Color(0x00, 0x9E, 0x73),
        new Color(0xCC, 0x79, 0xA7), new Color(0xE6, 0x9F, 0x00)
    };
    /** Reference lines (ideal speedup, core count). */
    public static final Color REFERENCE = new Color(0x66, 0x66, 0x66);
    public static final Stroke DASHED = new BasicStroke(1.2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER,
            10f, new float[] {5f, 4f}, 0f);
    public static final Font TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 14);
    public static final Font LABEL = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
    public static final Font SMALL = new Font(Font.SANS_SERIF, Font.PLAIN, 11);
    /**
     * Image pixels per display pixel of a PNG chart: drawn at twice its display size and shown at
     * that size (the display width goes in the output's metadata), so text and lines stay sharp on
     * high-density screens and when zoomed.
     */
    public static final int SCALE = 2;

    private ChartStyle() {
    }

    /** Encodes an image as PNG bytes. */
    public static byte[] png(BufferedImage image) {
        return PngEncoder.encode(image);
    }
}
