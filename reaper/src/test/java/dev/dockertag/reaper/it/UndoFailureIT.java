package dev.dockertag.reaper.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dockertag.reaper.apply.Journal;
import dev.dockertag.registry.image.Descriptor;
import dev.dockertag.registry.image.Digest;
import dev.dockertag.registry.image.ImageManifest;
import dev.dockertag.registry.image.Manifest;
import dev.dockertag.registry.image.MediaTypes;
import dev.dockertag.testsupport.LocalRegistryExtension;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * An undo the registry stops part way (here a registry in read-only mode, as during a GC) says what it
 * did and what to do, never the planning hint that nothing was deleted.
 */
class UndoFailureIT {

    @RegisterExtension
    static LocalRegistryExtension registry = LocalRegistryExtension.readOnly();

    @TempDir
    Path temp;

    @Test
    void aRefusedRestoreSaysItStoppedAndToRunUndoAgain() throws IOException {
        String repository = registry.get().host() + "/acme/app";
        byte[] config = "{\"architecture\":\"amd64\",\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[]}}"
                .getBytes(StandardCharsets.UTF_8);
        Manifest manifest = Manifest.of(new ImageManifest(2, MediaTypes.OCI_MANIFEST, null,
                Descriptor.of(MediaTypes.OCI_CONFIG, Digest.sha256(config), config.length), List.of(), null, null));
        Path journal = temp.resolve("reaper-journal-20261129T000000Z.json");
        new Journal(Instant.parse("2026-11-29T00:00:00Z"), List.of(new Journal.Entry(repository,
                Map.of("feat-b-latest", manifest.digest()), List.of(manifest)))).write(journal);
        Path config2 = temp.resolve("reaper.yml");
        Files.writeString(config2, """
                git: {uri: %s}
                registry: {insecure: true}
                repositories: [%s]
                """.formatted(temp.resolve("no-remote").toUri(), repository));

        Reaper.Run undo = Reaper.run("undo", "-c", config2.toString(), journal.toString());

        assertThat(undo.exitCode()).isEqualTo(1);
        assertThat(undo.stdout()).isEmpty();
        assertThat(undo.stderr()).startsWith("error: tried to push manifest " + repository + "@" + manifest.digest())
                .endsWith("\nhint: the restore stopped there: the tags listed above are back, the others are not;"
                        + " run reaper undo again once the registry takes pushes (what is back is pushed again"
                        + " unchanged)\n")
                .doesNotContain("nothing was deleted");
    }
}
