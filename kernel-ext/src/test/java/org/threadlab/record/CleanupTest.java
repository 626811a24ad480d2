package org.threadlab.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import jdk.jfr.FlightRecorder;
import org.junit.jupiter.api.Test;

/** The JFR recording and its dump are released after the recording is built, off the caller's thread. */
class CleanupTest {

    @Test
    void aFinishedRecordingLeavesNoJfrRecordingOpen() throws Exception {
        Cleanup.await();
        int before = FlightRecorder.getFlightRecorder().getRecordings().size();
        Recording r = new Recorder().record("one sleeper", () -> {
            Thread.ofPlatform().name("sleeper").start(() -> RecorderTest.sleep(20)).join();
            return null;
        });
        assertTrue(r.thread("sleeper").isPresent(), "recorded first");
        Cleanup.await();
        assertEquals(before, FlightRecorder.getFlightRecorder().getRecordings().size(), "the JFR recording is closed");
    }

    @Test
    void laterClosesTheRecordingAndDeletesTheDump() throws Exception {
        Path dump = Files.createTempFile("cleanup-test", ".jfr");
        jdk.jfr.Recording jfr = new jdk.jfr.Recording();
        jfr.start();
        jfr.stop();
        Cleanup.later(jfr, dump);
        Cleanup.await();
        assertEquals(jdk.jfr.RecordingState.CLOSED, jfr.getState());
        assertFalse(Files.exists(dump));
        Cleanup.later(new jdk.jfr.Recording(), null); // no dump: a timeout before the dump was written
        Cleanup.await();
    }

    @Test
    void aRecordingThatTimesOutIsReleasedToo() throws Exception {
        Cleanup.await();
        int before = FlightRecorder.getFlightRecorder().getRecordings().size();
        Recording r = new Recorder(Recorder.Options.defaults().withTimeout(java.time.Duration.ofMillis(50)))
                .record("too long", () -> {
                    Thread.sleep(5_000);
                    return null;
                });
        assertTrue(r.timedOut());
        Cleanup.await();
        assertEquals(before, FlightRecorder.getFlightRecorder().getRecordings().size());
    }
}
