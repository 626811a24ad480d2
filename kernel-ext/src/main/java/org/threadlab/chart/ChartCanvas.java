package org.threadlab.chart;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.awt.image.DirectColorModel;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.lang.ref.SoftReference;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Pixels to draw a chart on and encode it from, kept from one chart for the next: a chart image is
 * an 1800 px wide {@code int[]} of 3 MB or more, and a fresh one is fresh heap, whose first touch
 * costs page faults: 10–20 ms a chart in a kernel's first cells, more than drawing and encoding
 * together ({@code ChartCostBenchmark}). One spare is kept, softly, up to {@value #MAX_KEPT_PIXELS}
 * pixels; {@link ThreadChart#warmUp()} reserves one, so that even a kernel's first chart draws on
 * pixels touched before.
 *
 * <pre>{@code
 * BufferedImage img = ChartCanvas.take(1800, 416);   // TYPE_INT_RGB, pixels left from an earlier chart
 * try {
 *     draw(img);                                     // must paint every pixel
 *     return ChartStyle.png(img);
 * } finally {
 *     ChartCanvas.give(img);                         // img must not be used after this
 * }
 * }</pre>
 *
 * <p>Thread-safety: any number of threads may take and give at once; a spare goes to one of them,
 * the others draw on new pixels.
 */
final class ChartCanvas {
    /** 4 M pixels, 16 MB: an 1800 px wide chart of 64 lanes has 3.5 M. */
    static final int MAX_KEPT_PIXELS = 4 << 20;
    private static final DirectColorModel RGB = new DirectColorModel(24, 0xFF0000, 0xFF00, 0xFF, 0);
    private static final AtomicReference<SoftReference<int[]>> SPARE = new AtomicReference<>();

    private ChartCanvas() {
    }

    /**
     * A {@link BufferedImage#TYPE_INT_RGB} image of {@code width} x {@code height} whose pixels are
     * left from an earlier chart (or black): the caller paints every one.
     */
    static BufferedImage take(int width, int height) {
        int size = Math.multiplyExact(width, height);
        SoftReference<int[]> ref = SPARE.getAndSet(null);
        int[] pixels = ref == null ? null : ref.get();
        if (pixels == null || pixels.length < size) {
            pixels = new int[size];
        }
        WritableRaster raster = Raster.createPackedRaster(new DataBufferInt(pixels, size), width, height, width,
                RGB.getMasks(), null);
        return new BufferedImage(RGB, raster, false, null);
    }

    /** Keeps {@code size} pixels (touched: zeroed) for the next {@link #take}, unless as many are kept already. */
    static void reserve(int size) {
        SoftReference<int[]> ref = SPARE.get();
        int[] kept = ref == null ? null : ref.get();
        if (kept == null || kept.length < size) {
            SPARE.compareAndSet(ref, new SoftReference<>(new int[Math.min(size, MAX_KEPT_PIXELS)]));
        }
    }

    /** Keeps {@code image}'s pixels for the next {@link #take}; the image must not be used after. */
    static void give(BufferedImage image) {
        if (image.getRaster().getDataBuffer() instanceof DataBufferInt db && db.getNumBanks() == 1) {
            int[] pixels = db.getData();
            if (pixels.length <= MAX_KEPT_PIXELS) {
                SPARE.set(new SoftReference<>(pixels));
            }
        }
    }
}
