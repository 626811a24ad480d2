package org.threadlab.jupyter;

import java.util.Base64;
import java.util.Map;

/**
 * The display bundles ThreadLab's magics show. Front ends, nbconvert and GitHub show only the
 * richest type of a bundle, so a chart and the table that goes with it are two bundles, each
 * visible everywhere:
 * <ul>
 * <li>{@link #chart}: a PNG drawn at twice its display size, with that size in the output's
 *     metadata (JupyterLab, the classic Notebook, nbconvert and GitHub all honour {@code width}),
 *     SVG when asked for, and one line of {@code text/plain} saying what the picture shows;</li>
 * <li>{@link #table}: {@code text/html} (a plain table; see {@code org.threadlab.text.Html}) and
 *     the same as {@code text/plain}, for terminals, diffs and tests.</li>
 * </ul>
 */
final class DisplayBundle {
    private DisplayBundle() {
    }

    /** A chart: {@code png} shown at {@code width} x {@code height} display pixels. */
    static DisplayData chart(String description, byte[] png, int width, int height, String svg) {
        DisplayData data = new DisplayData(description);
        data.putData("image/png", Base64.getEncoder().encodeToString(png));
        data.putMetaData("image/png", Map.of("width", width, "height", height));
        if (svg != null) {
            data.putSVG(svg);
        }
        return data;
    }

    /** A summary or table: the HTML a browser shows, and the same as text. */
    static DisplayData table(String text, String html) {
        DisplayData data = new DisplayData(text);
        data.putHTML(html);
        return data;
    }
}
