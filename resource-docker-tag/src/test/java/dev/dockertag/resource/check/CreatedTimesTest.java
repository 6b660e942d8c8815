package dev.dockertag.resource.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The created-times cache: whatever is in the file, a bad entry costs a request, never a failed check. */
class CreatedTimesTest {

    static final String DIGEST = "sha256:" + "a".repeat(64);

    @TempDir
    Path dir;

    @Test
    void entriesThatDoNotHoldADigestAndAnInstantAreDroppedAndRewritten() throws IOException {
        Path file = dir.resolve("created-x.json");
        Files.writeString(file, """
                {"1.0.0": {"digest": "%s", "created": "2026-01-02T03:04:05Z"},
                 "1.1.0": {"digest": "%s", "created": "yesterday"},
                 "1.2.0": {"digest": "not-a-digest", "created": "2026-01-02T03:04:05Z"},
                 "1.3.0": {"digest": "%s"},
                 "1.4.0": null}
                """.formatted(DIGEST, DIGEST, DIGEST));

        CreatedTimes cache = new CreatedTimes(file);
        cache.save();

        assertThat(cache.get("1.0.0")).contains(new CreatedTimes.Seen(DIGEST, "2026-01-02T03:04:05Z"));
        assertThat(cache.get("1.1.0")).isEmpty();
        assertThat(cache.get("1.2.0")).isEmpty();
        assertThat(cache.get("1.3.0")).isEmpty();
        assertThat(cache.get("1.4.0")).isEmpty();
        assertThat(Files.readString(file)).doesNotContain("yesterday", "not-a-digest", "1.3.0", "1.4.0");
    }

    @Test
    void aFileThatIsNotJsonIsAnEmptyCache() throws IOException {
        Path file = dir.resolve("created-y.json");
        Files.writeString(file, "\u0000garbage{");
        assertThat(new CreatedTimes(file).get("1.0.0")).isEmpty();
    }
}
