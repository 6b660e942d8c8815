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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
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
                        marker, registry.pid(), registry.pid(), registry.kind().binary(), registry.configFile()));
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

        Reaper.Run run =
                Reaper.run("apply", "--yes", "--gc-now", "-c", config.toString(), "--journal-dir", temp.toString());
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
    void thePlanSaysHowManyBytesGcFreesAndGcFreesThatMany() throws IOException {
        limit(10);
        long bytesBefore = registry.blobBytes();

        Reaper.Run plan = Reaper.run("plan", "-c", config.toString(), "--journal-dir", temp.toString());
        Matcher said = Pattern.compile("  GC then frees: [0-9.]+ (B|KiB|MiB) \\(([0-9,]+) bytes\\) in 3 blobs no kept"
                        + " manifest uses\n")
                .matcher(plan.stdout());
        Reaper.Run apply =
                Reaper.run("apply", "--yes", "--gc-now", "-c", config.toString(), "--journal-dir", temp.toString());
        registry.restart(false);

        assertThat(said.find()).as(plan.stdout()).isTrue();
        assertThat(plan.stdout())
                .contains("next: apply deletes; the registry's GC then frees ")
                .contains("(blobs that other repositories share stay)\n");
        assertThat(apply.exitCode()).as(apply.stderr()).isZero();
        // feat/gone's manifest, config and layer; the promoted image is only untagged, and the throwaway manifest
        // that untagged it is made and collected within the apply
        assertThat(bytesBefore - registry.blobBytes())
                .isEqualTo(Long.parseLong(said.group(2).replace(",", "")));
    }

    @Test
    void undoAfterGcPutsBackWhatItCanAndNamesWhatGcTook() throws IOException {
        limit(10);
        Map<String, Digest> before = Images.tags(repository);
        Reaper.Run apply =
                Reaper.run("apply", "--yes", "--gc-now", "-c", config.toString(), "--journal-dir", temp.toString());
        assertThat(apply.exitCode()).as(apply.stderr()).isZero();
        registry.restart(false);
        Path journal;
        try (Stream<Path> files = Files.list(temp)) {
            journal = files.filter(p -> p.getFileName().toString().startsWith("reaper-journal-"))
                    .findFirst()
                    .orElseThrow();
        }

        Reaper.Run undo = Reaper.run("undo", "-c", config.toString(), journal.toString());

        String name = registry.host() + "/acme/gc";
        assertThat(undo.exitCode()).isEqualTo(1);
        // the promoted image was only untagged, so its blobs are there and its tag comes back; feat/gone's went
        // with GC, and no push can bring them back: said plainly, with what to do instead
        assertThat(undo.stdout())
                .isEqualTo(
                        "restored " + name + ":feat-promoted-latest -> " + before.get("feat-promoted-latest") + "\n");
        assertThat(undo.stderr())
                .isEqualTo("error: 1 tag cannot be put back: the registry no longer has the blobs their images need (GC"
                        + " has run since the apply), and a journal holds manifests, not blobs:\n"
                        + "error: " + name + ":feat-gone-latest -> " + before.get("feat-gone-latest") + "\n"
                        + "error: 1 tag of the journal is back (above): their images' blobs were still there\n"
                        + "hint: rebuild what is gone: re-run the pipeline of its branch, or push the image again;"
                        + " reaper undo restores everything only until GC runs\n");
        assertThat(Images.tags(repository)).containsOnlyKeys("master-latest", "v2.0.0-master", "feat-promoted-latest");
    }

    @Test
    void byDefaultAnApplysDeletionsWaitForTheNextApplyAfterGcAfterWhichCollectsThemFirst() throws Exception {
        limit(10);
        Files.writeString(config, Files.readString(config).replace("gc:\n", "gc:\n  after: 2s\n"));
        long blobsBefore = registry.blobCount();

        Reaper.Run first = Reaper.run("apply", "--yes", "-c", config.toString(), "--journal-dir", temp.toString());

        assertThat(first.exitCode()).as(first.stderr()).isZero();
        assertThat(marker).as("no GC yet: undo keeps its window").doesNotExist();
        assertThat(first.stderr())
                .containsPattern("gc: waits \\(gc.after 2s\\): reaper undo " + Pattern.quote(temp.toString())
                        + "/reaper-journal-\\d{8}T\\d{6}Z\\.json restores these deletions until the first apply from"
                        + " \\S+ on, which collects them before it deletes anything; --gc-now collects at once\n");
        Reaper.Run plan = Reaper.run("plan", "-c", config.toString(), "--journal-dir", temp.toString());
        assertThat(plan.stderr())
                .contains("gc: the deletions of 1 apply wait for GC; none is older than gc.after (2s)");

        Thread.sleep(2_500);
        Reaper.Run second = Reaper.run("apply", "--yes", "-c", config.toString(), "--journal-dir", temp.toString());
        registry.restart(false);

        assertThat(second.exitCode()).as(second.stderr()).isZero();
        assertThat(second.stdout()).contains("nothing to remove\n").endsWith("gc.command finished\n");
        assertThat(second.stderr())
                .contains("gc: collecting the deletions of 1 earlier apply (older than gc.after, 2s) before this one"
                        + " deletes anything\n");
        assertThat(registry.blobCount()).isEqualTo(blobsBefore - 3);
        Reaper.Run third = Reaper.run("plan", "-c", config.toString(), "--journal-dir", temp.toString());
        assertThat(third.stderr()).doesNotContain("wait for GC");
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

        Reaper.Run run =
                Reaper.run("apply", "--yes", "--gc-now", "-c", config.toString(), "--journal-dir", temp.toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.stderr())
                .contains("gc: disk on fire\n")
                .endsWith(
                        "error: gc.command exited with 3 (the deletions stand and were verified)\nhint: run the command"
                                + " by hand and read its output above; reaper undo still works until GC runs\n");
        assertThat(Images.tags(repository)).containsOnlyKeys("master-latest", "v2.0.0-master");
    }
}
