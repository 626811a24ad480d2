package org.threadlab.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** What a summary says of how virtual threads' states were observed: never more than the sampler saw. */
class VirtualNoteTest {
    private static final TimeBase CLOCK = new TimeBase(0, 1_000_000_000L); // the body started at nanoTime 1 s

    @Test
    void statesSampledToTheEndAreSaidToBeSampled() {
        VirtualStates v = new VirtualStates(50_000_000);
        v.addSample(1_000_000_000L);
        assertEquals(SummaryText.VIRTUAL_NOTE, RecordingAssembler.virtualNote(v, CLOCK));
    }

    @Test
    void aJvmWhereTheSamplerCannotRunSaysSoAndHowToFixIt() {
        String note = RecordingAssembler.virtualNote(VirtualStates.none(), CLOCK);
        assertTrue(note.contains("could not be sampled"), note);
        assertTrue(note.contains("--add-exports java.base/jdk.internal.vm=ALL-UNNAMED"), note);
        assertFalse(note.contains("are sampled"), note);
    }

    @Test
    void samplingThatFailedSaysWhenAndWhy() {
        VirtualStates v = new VirtualStates(50_000_000);
        v.addSample(1_000_000_000L);
        v.stoppedEarly(1_120_000_000L, new IllegalStateException("containers changed"));
        String note = RecordingAssembler.virtualNote(v, CLOCK);
        assertTrue(note.contains("sampling failed at 120 ms (java.lang.IllegalStateException: containers changed)"), note);
    }

    @Test
    void bothSummariesShowTheRecordingsNote() {
        Recording r = Recordings.manyVirtual(3);
        Recording noted = new Recording(r.title(), r.start(), r.wallMs(), r.threads(), r.intervals(), r.utilization(),
                0, null, false, r.sightings(), SummaryText.VIRTUAL_NOTE_UNSAMPLED);
        assertTrue(noted.summaryText().contains(SummaryText.VIRTUAL_NOTE_UNSAMPLED), noted.summaryText());
        assertTrue(noted.summaryHtml().contains("could not be sampled in this JVM"), noted.summaryHtml());
        assertTrue(r.summaryText().contains(SummaryText.VIRTUAL_NOTE), r.summaryText());
    }
}
