package org.threadlab.record;

import jdk.jfr.Category;
import jdk.jfr.Enabled;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/** Marks the body's start in JFR's clock together with {@link System#nanoTime()}, so CPU polls and JFR events share one time base. */
@Name(JfrEventNames.RECORDING_START)
@Label("ThreadLab recording start")
@Category("ThreadLab")
@Enabled(false)
@StackTrace(false)
final class MarkEvent extends jdk.jfr.Event {
    @Label("System.nanoTime")
    long nanoTime;
}
