package dev.dockertag.reaper.apply;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dockertag.registry.image.Digest;
import dev.dockertag.registry.image.Manifest;
import dev.dockertag.registry.image.MediaTypes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalTest {

    @TempDir
    Path dir;

    private final Manifest manifest = Manifest.of(
            ("{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_MANIFEST
                            + "\",\"config\":{\"mediaType\":\"x\",\"digest\":\"sha256:" + "a".repeat(64)
                            + "\",\"size\":2},"
                            + "\"layers\":[]}")
                    .getBytes(StandardCharsets.UTF_8),
            null);

    @Test
    void writesAndReadsBackTheExactManifestBytesAndTags() {
        Journal journal = new Journal(
                Instant.parse("2026-11-21T10:00:00Z"),
                List.of(new Journal.Entry(
                        "registry.example.com/acme/app",
                        Map.of("feat-x-latest", manifest.digest()),
                        List.of(manifest))));
        Path file = dir.resolve("sub/journal.json");

        journal.write(file);
        Journal read = Journal.read(file);

        assertThat(read.written()).isEqualTo(journal.written());
        assertThat(read.repositories()).hasSize(1);
        assertThat(read.repositories().getFirst().tags())
                .containsExactly(Map.entry("feat-x-latest", manifest.digest()));
        assertThat(read.repositories().getFirst().manifests().getFirst().bytes())
                .isEqualTo(manifest.bytes());
        assertThat(read.repositories().getFirst().manifests().getFirst().mediaType())
                .isEqualTo(MediaTypes.OCI_MANIFEST);
        assertThat(dir.resolve("sub")).isDirectoryNotContaining("glob:**.tmp");
    }

    @Test
    void refusesFilesThatAreNotJournals() throws IOException {
        Path other = Files.writeString(dir.resolve("other.json"), "{\"hello\": 1}");
        Path broken = Files.writeString(dir.resolve("broken.json"), "{not json");

        assertThatThrownBy(() -> Journal.read(dir.resolve("missing.json")))
                .hasMessage(dir.resolve("missing.json") + ": no such journal");
        assertThatThrownBy(() -> Journal.read(other))
                .hasMessage(other + ": not a reaper journal (no \"format\": \"dockertag-reaper-journal/1\")");
        assertThatThrownBy(() -> Journal.read(broken))
                .hasMessageStartingWith(broken + ": not a reaper journal (not JSON: ");
    }

    @Test
    void refusesAManifestWhoseBytesDoNotMatchItsDigest() throws IOException {
        Path file = dir.resolve("journal.json");
        new Journal(
                        Instant.parse("2026-11-21T10:00:00Z"),
                        List.of(new Journal.Entry(
                                "r.example.com/a", Map.of("t", manifest.digest()), List.of(manifest))))
                .write(file);
        Digest other = Digest.sha256("tampered".getBytes(StandardCharsets.UTF_8));
        Files.writeString(
                file, Files.readString(file).replace("\"digest\" : \"" + manifest.digest(), "\"digest\" : \"" + other));

        assertThatThrownBy(() -> Journal.read(file))
                .hasMessage(file + ": damaged reaper journal: manifest " + other + " does not match its bytes ("
                        + manifest.digest() + ")");
    }
}
