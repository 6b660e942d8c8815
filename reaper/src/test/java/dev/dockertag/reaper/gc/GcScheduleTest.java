package dev.dockertag.reaper.gc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dockertag.registry.Deadline;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GcScheduleTest {

    @TempDir
    Path dir;

    private Path journal(String stamp) throws IOException {
        return Files.writeString(dir.resolve("reaper-journal-" + stamp + ".json"), "{}");
    }

    @Test
    void theDeletionsWaitingAreTheJournalsSinceTheLastGcAndTheDueOnesAreOldEnough() throws IOException {
        Path old = journal("20261201T000000Z");
        Path recent = journal("20261204T230000Z");
        Files.writeString(dir.resolve("first-seen.json"), "{}");
        GcSchedule schedule = GcSchedule.in(dir);
        Instant now = Instant.parse("2026-12-05T06:00:00Z");

        assertThat(schedule.lastCollected()).isEmpty();
        assertThat(schedule.pending()).extracting(GcSchedule.Deletions::journal).containsExactly(old, recent);
        assertThat(GcSchedule.due(schedule.pending(), now, Duration.ofHours(12)))
                .extracting(GcSchedule.Deletions::journal)
                .containsExactly(old);
        assertThat(schedule.describe(now, Duration.ofHours(12)))
                .hasValue("gc: the deletions of 2 applies wait for GC; 1 is older than gc.after (12h), which the next"
                        + " apply collects before it deletes anything; until then reaper undo " + recent
                        + " restores the newest");

        schedule.collected(GcSchedule.due(schedule.pending(), now, Duration.ofHours(12)));

        assertThat(GcSchedule.in(dir).pending())
                .extracting(GcSchedule.Deletions::journal)
                .containsExactly(recent);
        assertThat(GcSchedule.due(GcSchedule.in(dir).pending(), now, Duration.ofHours(12)))
                .isEmpty();
        schedule.collected(schedule.pending());
        assertThat(GcSchedule.in(dir).describe(now, Duration.ofHours(12))).isEmpty();
    }

    @Test
    void aDamagedRecordCountsAsNoGcSoThatNothingWaitsForever() throws IOException {
        journal("20261201T000000Z");
        Files.writeString(dir.resolve(GcSchedule.FILE), "yesterday\n");

        assertThat(GcSchedule.in(dir).pending()).hasSize(1);
    }

    @Test
    void durationsAreWrittenAsGcAfterIs() {
        // the project's one way of writing durations (Deadline.words), which gc.after's messages use
        assertThat(Deadline.words(Duration.ofHours(12))).isEqualTo("12h");
        assertThat(Deadline.words(Duration.ofMinutes(90))).isEqualTo("1h30m");
        assertThat(Deadline.words(Duration.ofSeconds(2))).isEqualTo("2s");
    }

    @Test
    void aJournalWrittenJustAfterAGcIsStillPendingWhateverItsNamesSecond() throws IOException {
        journal("20261205T100000Z");
        GcSchedule schedule = GcSchedule.in(dir);
        schedule.collected(schedule.pending());
        // the next apply's journal, written in the same second the GC finished: its name cannot be later
        // than that second, but it is later than the newest journal the GC covered
        Path after = journal("20261205T100001Z");

        assertThat(schedule.pending()).extracting(GcSchedule.Deletions::journal).containsExactly(after);
    }
}
