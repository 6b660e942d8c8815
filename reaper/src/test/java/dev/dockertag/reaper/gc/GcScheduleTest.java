package dev.dockertag.reaper.gc;

import static org.assertj.core.api.Assertions.assertThat;

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
        assertThat(schedule.due(now, Duration.ofHours(12)))
                .extracting(GcSchedule.Deletions::journal)
                .containsExactly(old);
        assertThat(schedule.describe(now, Duration.ofHours(12)))
                .hasValue("gc: the deletions of 2 applies wait for GC; 1 is older than gc.after (12h), which the next"
                        + " apply collects before it deletes anything; until then reaper undo " + recent
                        + " restores the newest");

        schedule.collected(Instant.parse("2026-12-02T00:00:00Z"));

        assertThat(GcSchedule.in(dir).pending())
                .extracting(GcSchedule.Deletions::journal)
                .containsExactly(recent);
        assertThat(GcSchedule.in(dir).due(now, Duration.ofHours(12))).isEmpty();
        schedule.collected(now);
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
        assertThat(GcSchedule.words(Duration.ofHours(12))).isEqualTo("12h");
        assertThat(GcSchedule.words(Duration.ofMinutes(90))).isEqualTo("90m");
        assertThat(GcSchedule.words(Duration.ofSeconds(2))).isEqualTo("2s");
    }
}
