package org.threadlab.jupyter;

import java.util.Base64;

/**
 * Builds the display bundle every ThreadLab chart uses: a PNG (renders everywhere, including
 * GitHub and exported HTML), the same content as {@code text/plain} (screen readers, diffs,
 * grading), and SVG when asked for.
 */
final class DisplayBundle {
    private DisplayBundle() {
    }

    static DisplayData of(String text, byte[] png, String svg, int width, int height) {
        DisplayData data = new DisplayData(text);
        if (png != null) {
            data.putData("image/png", Base64.getEncoder().encodeToString(png));
            data.putMetaData("image/png", java.util.Map.of("width", width, "height", height));
        }
        if (svg != null) {
            data.putSVG(svg);
        }
        return data;
    }
}
