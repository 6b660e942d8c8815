package dev.dockertag.reaper.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dockertag.registry.ImageReference;
import dev.dockertag.registry.RegistryClient;
import dev.dockertag.registry.RepositoryClient;
import dev.dockertag.registry.image.Digest;
import dev.dockertag.testsupport.Commands;
import dev.dockertag.testsupport.LocalRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * GC through {@code gc.command}, as the README tells users to set it up for distribution: the command stops the
 * registry (GC must not run while pushes are accepted), runs {@code garbage-collect} without {@code --delete-untagged},
 * and the registry is started again afterwards (here by the test, as a service manager would). Each test has its own
 * registry, since GC stops it.
 */
class GarbageCollectionIT {

    @TempDir
    Path temp;

    LocalRegistry registry;
    Upstream upstream;
    RegistryClient client;
    RepositoryClient repository;
    Path config;
    Path marker;

    @BeforeEach
    void setUp() throws IOException {
        registry = LocalRegistry.start(temp, false, false);
        upstream = new Upstream(temp.resolve("git"));
        client = RegistryClient.builder().allowPlainHttp(true).build();
        repository = client.repository(ImageReference.parse(registry.host() + "/acme/gc"));
        marker = temp.resolve("gc-ran");
        Path script = temp.resolve("registry-gc.sh");
        Files.writeString(script, """
                #!/bin/sh
                set -e
                touch "%s"
                kill %d
                while kill -0 %d 2>/dev/null; do sleep 0.1; done
                exec %s garbage-collect "%s"
                """.formatted(
                        marker, registry.pid(), registry.pid(), LocalRegistry.REGISTRY_BINARY, registry.configFile()));
        script.toFile().setExecutable(true);
        config = temp.resolve("reaper.yml");
        Files.writeString(config, """
                git: {uri: %s}
                registry: {insecure: true}
                repositories: [%s/acme/gc]
                main_branch: master
                limits: {max_deletions: %s}
                gc:
                  command: [%s]
                """.formatted(upstream.uri(), registry.host(), "%d", script));
        String master = upstream.commit("master");
        String gone = upstream.commit("feat/gone");
        String promoted = upstream.commit("feat/promoted");
        Images.push(repository, "master-latest", "master", master, 1);
        Images.push(repository, "feat-gone-latest", "feat/gone", gone, 2);
        Images.push(repository, "feat-promoted-latest", "feat/promoted", promoted, 3);
        Images.retag(repository, "feat-promoted-latest", "v2.0.0-master");
        upstream.deleteBranch("feat/gone");
        upstream.deleteBranch("feat/promoted");
    }

    @AfterEach
    void tearDown() {
        client.close();
        registry.close();
    }

    private void limit(int maxDeletions) throws IOException {
        Files.writeString(config, Files.readString(config).replace("%d", Integer.toString(maxDeletions)));
    }

    @Test
    void gcAfterAnApplyFreesTheDeletedImagesBlobsAndKeepsEveryKeptImage() throws IOException {
        limit(10);
        long blobsBefore = registry.blobCount();
        Map<String, Digest> before = Images.tags(repository);

        Reaper.Run run = Reaper.run("apply", "--yes", "-c", config.toString(), "--journal-dir", temp.toString());
        registry.restart(false);

        assertThat(run.exitCode()).as(run.stderr()).isZero();
        assertThat(marker).exists();
        assertThat(run.stdout()).endsWith("gc.command finished\n");
        assertThat(run.stderr())
                .contains("gc: running " + temp.resolve("registry-gc.sh"))
                .containsPattern("gc: \\d+ blobs marked, \\d+ blobs and \\d+ manifests eligible for deletion");
        // feat/gone's layer, config and manifest go, and so does the throwaway manifest that untagged
        // feat-promoted-latest (its three blobs); the promoted image was only untagged, so its blobs stay
        assertThat(registry.blobCount()).isEqualTo(blobsBefore - 3);
        assertThat(Images.tags(repository)).containsOnlyKeys("master-latest", "v2.0.0-master");
        for (String tag : List.of("master-latest", "v2.0.0-master")) {
            Commands.Result copy = Commands.run(
                    List.of(
                            "skopeo",
                            "copy",
                            "--quiet",
                            "--src-tls-verify=false",
                            "docker://" + registry.host() + "/acme/gc:" + tag,
                            "dir:" + temp.resolve("pulled-" + tag)),
                    null,
                    Map.of());
            assertThat(copy.exitCode()).as(copy.stderr()).isZero();
            assertThat(Images.tags(repository).get(tag)).isEqualTo(before.get(tag));
        }
    }

    @Test
    void gcDoesNotRunWhenTheApplyIsRefused() throws IOException {
        limit(1);

        Reaper.Run run = Reaper.run("apply", "--yes", "-c", config.toString(), "--journal-dir", temp.toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.stderr()).contains("error: the plan removes 2 tags, more than limits.max_deletions (1)");
        assertThat(marker).doesNotExist();
    }

    @Test
    void aFailingGcCommandFailsTheRunButTheDeletionsStand() throws IOException {
        limit(10);
        Files.writeString(
                config,
                Files.readString(config)
                        .replace(
                                "command: [" + temp.resolve("registry-gc.sh") + "]",
                                "command: [sh, -c, 'echo disk on fire; exit 3']"));

        Reaper.Run run = Reaper.run("apply", "--yes", "-c", config.toString(), "--journal-dir", temp.toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.stderr())
                .contains("gc: disk on fire\n")
                .endsWith(
                        "error: gc.command exited with 3 (the deletions stand and were verified)\nhint: run the command"
                                + " by hand and read its output above; reaper undo still works until GC runs\n");
        assertThat(Images.tags(repository)).containsOnlyKeys("master-latest", "v2.0.0-master");
    }
}
