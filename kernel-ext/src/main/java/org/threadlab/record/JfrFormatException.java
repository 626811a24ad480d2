package org.threadlab.record;

import java.io.IOException;

/** A JFR file that {@link JfrChunkParser} does not read; {@link JfrEventReader} then falls back to {@code RecordingFile}. */
final class JfrFormatException extends IOException {
    JfrFormatException(String message) {
        super(message);
    }
}
