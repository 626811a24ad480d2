package org.threadlab.record;

import java.io.IOException;

/**
 * Something in a JFR file that {@link JfrChunkParser} does not read; {@link JfrEventReader} then
 * reads the file with {@code RecordingFile}.
 */
final class JfrFormatException extends IOException {
    JfrFormatException(String message) {
        super(message);
    }
}
