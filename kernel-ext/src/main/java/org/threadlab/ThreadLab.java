package org.threadlab;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** Facts about this ThreadLab build. */
public final class ThreadLab {
    private static final String VERSION = readVersion();

    private ThreadLab() {
    }

    /** The ThreadLab version, e.g. {@code 0.1.0-SNAPSHOT}. */
    public static String version() {
        return VERSION;
    }

    private static String readVersion() {
        Properties p = new Properties();
        try (InputStream in = ThreadLab.class.getResourceAsStream("threadlab.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            // informational only
        }
        return p.getProperty("version", "dev");
    }
}
