package dev.dockertag.reaper.it;

import dev.dockertag.reaper.apply.Journal;
import dev.dockertag.registry.image.Descriptor;
import dev.dockertag.registry.image.Digest;
import dev.dockertag.registry.image.ImageManifest;
import dev.dockertag.registry.image.Manifest;
import dev.dockertag.registry.image.MediaTypes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What an undo needs and nothing more: a journal of one deleted tag ({@code feat-b-latest}, an image of no layers) in
 * {@code repository}, and a {@code reaper.yml} naming that repository over plain HTTP (its git remote does not exist:
 * undo never asks git).
 */
record UndoFixture(Manifest manifest, Path journal, Path config) {

    static UndoFixture in(Path temp, String repository) throws IOException {
        byte[] config = "{\"architecture\":\"amd64\",\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[]}}"
                .getBytes(StandardCharsets.UTF_8);
        Manifest manifest = Manifest.of(new ImageManifest(
                2,
                MediaTypes.OCI_MANIFEST,
                null,
                Descriptor.of(MediaTypes.OCI_CONFIG, Digest.sha256(config), config.length),
                List.of(),
                null,
                null));
        Path journal = temp.resolve("reaper-journal-20261129T000000Z.json");
        new Journal(
                        Instant.parse("2026-11-29T00:00:00Z"),
                        List.of(new Journal.Entry(
                                repository, Map.of("feat-b-latest", manifest.digest()), List.of(manifest))))
                .write(journal);
        Path reaperYml = temp.resolve("reaper.yml");
        Files.writeString(reaperYml, """
                git: {uri: %s}
                registry: {insecure: true}
                repositories: [%s]
                """.formatted(temp.resolve("no-remote").toUri(), repository));
        return new UndoFixture(manifest, journal, reaperYml);
    }
}
