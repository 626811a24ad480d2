package org.threadlab.record;

import java.util.List;

/**
 * The name of every JFR event type the recorder enables and reads, spelled once, as JDK Mission
 * Control's {@code JdkTypeIDs} does. {@link MarkEvent} takes its name from here too.
 */
final class JfrEventNames {
    /** {@link MarkEvent}: the body's start, in JFR's clock. */
    static final String RECORDING_START = "org.threadlab.RecordingStart";

    static final String THREAD_START = "jdk.ThreadStart";
    static final String THREAD_END = "jdk.ThreadEnd";
    static final String VIRTUAL_THREAD_START = "jdk.VirtualThreadStart";
    static final String VIRTUAL_THREAD_END = "jdk.VirtualThreadEnd";

    static final String THREAD_SLEEP = "jdk.ThreadSleep";
    static final String THREAD_PARK = "jdk.ThreadPark";
    static final String MONITOR_ENTER = "jdk.JavaMonitorEnter";
    static final String MONITOR_WAIT = "jdk.JavaMonitorWait";
    static final String SOCKET_READ = "jdk.SocketRead";
    static final String SOCKET_WRITE = "jdk.SocketWrite";

    /** A thread's start and end: which threads a lane is for, and its life. */
    static final List<String> LIFE = List.of(THREAD_START, THREAD_END, VIRTUAL_THREAD_START, VIRTUAL_THREAD_END);

    /** Exact intervals of one state each (see {@link JfrEventReader}). */
    static final List<String> STATE = List.of(THREAD_SLEEP, THREAD_PARK, MONITOR_ENTER, MONITOR_WAIT, SOCKET_READ,
            SOCKET_WRITE);

    private JfrEventNames() {
    }
}
