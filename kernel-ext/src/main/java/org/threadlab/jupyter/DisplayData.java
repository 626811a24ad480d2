package org.threadlab.jupyter;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A display bundle as Jupyter's {@code display_data} message carries it: data by MIME type,
 * metadata by MIME type, and transient data (the display id), independent of any kernel library.
 * A {@link Kernel} adapter turns it into its library's own type.
 *
 * <pre>{@code
 * DisplayData data = new DisplayData("a summary for terminals and tests");
 * data.putHTML("<table>…</table>");
 * kernel.display(data);
 * }</pre>
 *
 * <p>Thread-safety: none; build it on one thread, then hand it over.
 */
public final class DisplayData {
    /** The transient key of the id that {@code update_display_data} replaces. */
    public static final String DISPLAY_ID_KEY = "display_id";

    private final Map<String, Object> data = new LinkedHashMap<>();
    private final Map<String, Object> metadata = new LinkedHashMap<>();
    private final Map<String, Object> transientData = new LinkedHashMap<>();

    /** A bundle with {@code text} as its {@code text/plain}. */
    public DisplayData(String text) {
        putText(text);
    }

    public void putData(String mimeType, Object value) {
        data.put(mimeType, value);
    }

    public void putMetaData(String mimeType, Object value) {
        metadata.put(mimeType, value);
    }

    public void putTransientData(String key, Object value) {
        transientData.put(key, value);
    }

    public void putText(String text) {
        putData("text/plain", text);
    }

    public void putHTML(String html) {
        putData("text/html", html);
    }

    public void putMarkdown(String markdown) {
        putData("text/markdown", markdown);
    }

    public void putSVG(String svg) {
        putData("image/svg+xml", svg);
    }

    /** The data by MIME type, in the order put; read-only. */
    public Map<String, Object> data() {
        return Collections.unmodifiableMap(data);
    }

    /** The metadata by MIME type; read-only. */
    public Map<String, Object> metadata() {
        return Collections.unmodifiableMap(metadata);
    }

    /** The transient data (the display id); read-only. */
    public Map<String, Object> transientData() {
        return Collections.unmodifiableMap(transientData);
    }
}
