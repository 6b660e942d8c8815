package dev.dockertag.reaper.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dockertag.registry.image.Digest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FirstSeenTest {

    private static final Digest A = Digest.sha256("a".getBytes(StandardCharsets.UTF_8));
    private static final Digest B = Digest.sha256("b".getBytes(StandardCharsets.UTF_8));
    private static final Instant T1 = Instant.parse("2026-11-01T00:00:00Z");
    private static final Instant T2 = Instant.parse("2026-11-02T00:00:00Z");

    @TempDir
    Path dir;

    @Test
    void theFirstSightingIsKeptAcrossRunsAndGoneDigestsAreForgotten() {
        FirstSeen first = FirstSeen.in(dir);
        assertThat(first.firstSeen("r/app", A, T1)).isEqualTo(T1);
        assertThat(first.firstSeen("r/app", B, T1)).isEqualTo(T1);
        first.save();

        FirstSeen second = FirstSeen.in(dir);
        assertThat(second.firstSeen("r/app", A, T2)).isEqualTo(T1);
        second.retainOnly("r/app", Set.of(A));
        second.save();

        assertThat(FirstSeen.in(dir).firstSeen("r/app", B, T2)).isEqualTo(T2);
        assertThat(FirstSeen.in(dir).firstSeen("r/other", A, T2)).isEqualTo(T2);
    }

    @Test
    void nothingIsWrittenUntilSomethingIsSeen() {
        FirstSeen.in(dir).save();

        assertThat(dir.resolve(FirstSeen.FILE)).doesNotExist();
    }

    @Test
    void aDamagedFileIsAnErrorNamingIt() throws IOException {
        Files.writeString(dir.resolve(FirstSeen.FILE), "{\"format\": \"something-else\"}");

        assertThatThrownBy(() -> FirstSeen.in(dir))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(dir.resolve(FirstSeen.FILE) + ": not a first-seen file (no \"format\": \""
                        + FirstSeen.FORMAT + "\"); move it away to start afresh");
    }
}
