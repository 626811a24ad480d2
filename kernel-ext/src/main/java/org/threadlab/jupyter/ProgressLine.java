package org.threadlab.jupyter;

import java.util.UUID;

/**
 * A one-line status shown under a cell and replaced in place while long work runs
 * ({@code display_data} once, then {@code update_display_data}). Updates are throttled so a
 * fast loop does not flood the front end; {@link #finish(String)} always shows its text.
 *
 * <p>The display id travels in the bundle's transient data, which every kernel library reads the
 * same way (jjava-jupyter 1.0-a7 changed {@code setDisplayId}'s return type).
 *
 * <p>Thread-safety: one thread at a time.
 */
final class ProgressLine {
    private static final long MIN_INTERVAL_NANOS = 150_000_000L;

    private final Kernel kernel;
    private final String id = UUID.randomUUID().toString();
    private boolean shown;
    private long lastUpdate;

    ProgressLine(Kernel kernel) {
        this.kernel = kernel;
    }

    void update(String text) {
        long now = System.nanoTime();
        if (shown && now - lastUpdate < MIN_INTERVAL_NANOS) {
            return;
        }
        show(text);
        lastUpdate = now;
    }

    void finish(String text) {
        show(text);
    }

    private void show(String text) {
        DisplayData data = new DisplayData(text);
        data.putTransientData(DisplayData.DISPLAY_ID_KEY, id);
        if (!shown) {
            kernel.display(data);
            shown = true;
        } else {
            kernel.updateDisplay(data);
        }
    }
}
