package dev.dockertag.reaper.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dockertag.registry.BranchNaming;
import dev.dockertag.registry.ImageReference;
import dev.dockertag.registry.RegistryClient;
import dev.dockertag.registry.RepositoryClient;
import dev.dockertag.registry.image.Digest;
import dev.dockertag.testsupport.Commands;
import dev.dockertag.testsupport.ImageFixtures;
import dev.dockertag.testsupport.LocalRegistry;
import dev.dockertag.testsupport.LocalRegistryExtension;
import dev.dockertag.testsupport.RegistryKind;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reaper against the real registry (distribution 2.8 by default, which has no tag delete, so untags take the
 * throwaway-manifest path; {@code bin/test} runs it again on distribution 3.1, which deletes tags) and a real git
 * remote. Each test gets its own repository. Every image is pushed as {@code out} pushes it: one digest under
 * {@code <slug>-latest} and the commit tag.
 */
class ReaperIT {

    @RegisterExtension
    static LocalRegistryExtension registry = LocalRegistryExtension.anonymous();

    private static final AtomicInteger REPOSITORIES = new AtomicInteger();

    @TempDir
    Path temp;

    Upstream upstream;
    RegistryClient client;
    RepositoryClient repository;
    String repositoryName;
    Path config;

    @BeforeEach
    void setUp() throws IOException {
        upstream = new Upstream(temp.resolve("git"));
        client = RegistryClient.builder().allowPlainHttp(true).build();
        repositoryName = registry.get().host() + "/acme/app-" + REPOSITORIES.incrementAndGet();
        repository = client.repository(ImageReference.parse(repositoryName));
        config = temp.resolve("reaper.yml");
        writeConfig("");
    }

    @AfterEach
    void tearDown() {
        client.close();
    }

    void writeConfig(String extra) throws IOException {
        Files.writeString(config, """
                git:
                  uri: %s
                registry:
                  insecure: true
                repositories:
                  - %s
                main_branch: master
                protect: ['^v?[0-9]+\\.[0-9]+\\.[0-9]+$']
                commit_tags:
                  delete_unreachable: true
                limits:
                  max_deletions: 50
                  max_fraction: 0.9
                """.formatted(upstream.uri(), repositoryName) + extra);
    }

    /** An image built on {@code branch}: pushed under its -latest tag and its (10-digit) commit tag. */
    Digest build(String branch, String commit, int second) {
        String slug = BranchNaming.slug(branch);
        Digest digest = Images.push(repository, slug + "-latest", branch, commit, second);
        Images.retag(repository, slug + "-latest", commit.substring(0, 10));
        return digest;
    }

    Map<String, Digest> tags() {
        return Images.tags(repository);
    }

    /** How the registry under test untags, as the plan says it. */
    String untagMethod() {
        return registry.get().kind() == RegistryKind.DISTRIBUTION_2_8
                ? "a throwaway manifest pushed to the tag, then deleted by digest (the registry has no OCI tag delete)"
                : "OCI tag delete";
    }

    /** The usual branch history: master, a live feature, one deleted unmerged, one merged then deleted. */
    record Story(
            String master,
            String live,
            String unmerged,
            String merged,
            Digest masterImage,
            Digest liveImage,
            Digest unmergedImage,
            Digest mergedImage) {}

    Story story() {
        String master = upstream.commit("master");
        String live = upstream.commit("feat/a");
        String unmerged = upstream.commit("feat/b");
        String merged = upstream.commit("feat/c");
        Digest masterImage = build("master", master, 1);
        Digest liveImage = build("feat/a", live, 2);
        Digest unmergedImage = build("feat/b", unmerged, 3);
        Digest mergedImage = build("feat/c", merged, 4);
        Images.retag(repository, "master-latest", "v1.2.3");
        upstream.deleteBranch("feat/b");
        upstream.mergeIntoMaster("feat/c");
        upstream.deleteBranch("feat/c");
        return new Story(master, live, unmerged, merged, masterImage, liveImage, unmergedImage, mergedImage);
    }

    @Test
    void theListingReadsEachManifestOnceAndOnlyResolvesTheTagsThatShareOne() {
        story();
        int before = registry.get().requests().size();

        Reaper.Run run = Reaper.run("plan", "--config", config.toString(), "--journal-dir", temp.toString());

        assertThat(run.exitCode()).as(run.stderr()).isZero();
        String manifests = "/v2/" + repositoryName.substring(repositoryName.indexOf('/') + 1) + "/manifests/";
        List<LocalRegistry.LoggedRequest> requests = registry.get().requests().stream()
                .skip(before)
                .filter(r -> r.path().startsWith(manifests))
                .toList();
        // 9 tags: four commit tags read whole (four images), four -latest tags and v1.2.3 on those same
        // images only resolved; no manifest read twice
        assertThat(requests.stream().filter(r -> r.method().equals("GET")).map(LocalRegistry.LoggedRequest::path))
                .hasSize(4)
                .doesNotHaveDuplicates()
                .allMatch(p -> p.substring(manifests.length()).matches("[0-9a-f]{10}"));
        assertThat(requests.stream().filter(r -> r.method().equals("HEAD")).map(LocalRegistry.LoggedRequest::path))
                .hasSize(5)
                .allMatch(p -> p.endsWith("-latest") || p.endsWith("v1.2.3"));
    }

    @Test
    void planSaysWhatGoesAndWhyAndChangesNothing() {
        Story s = story();
        Map<String, Digest> before = tags();

        Reaper.Run run = Reaper.run("plan", "--config", config.toString(), "--journal-dir", temp.toString());

        assertThat(run.exitCode()).as(run.stderr()).isZero();
        assertThat(tags()).isEqualTo(before);
        assertThat(run.stdout())
                .startsWith("live branches (2): feat/a, master\n\n" + repositoryName
                        + ": 9 tags, 3 to remove\n  deletion: DELETE of each doomed manifest by digest (probed: the registry"
                        + " deletes)\n  undo: pushes the manifests and tags back from the journal (until GC runs)\n"
                        + "  untag method: " + untagMethod() + "\n");
        assertThat(run.stdout())
                .containsPattern("delete +" + s.unmerged().substring(0, 10)
                        + " +sha256:[0-9a-f]{12} +commit unreachable from every live branch and tag\n");
        assertThat(run.stdout())
                .containsPattern("delete +feat-b-latest +sha256:[0-9a-f]{12} +branch gone \\(no live"
                        + " branch has the slug 'feat-b'\\)\n");
        assertThat(run.stdout())
                .contains("branch gone (no live branch has the slug 'feat-c'); its digest is also the" + " kept tag '"
                        + s.merged().substring(0, 10) + "', so only the tag goes\n");
        assertThat(run.stdout()).containsPattern("keep +feat-a-latest +sha256:[0-9a-f]{12} +live branch 'feat/a'\n");
        assertThat(run.stdout()).containsPattern("keep +v1.2.3 +sha256:[0-9a-f]{12} +protected by");
        assertThat(run.stdout())
                .containsPattern("summary: 2 tags go with their manifest, 1 is only untagged, 6 kept\n"
                        + "next: apply deletes; the registry's GC then frees [0-9.]+ (B|KiB) \\([0-9,]+ bytes\\) in 3"
                        + " blobs no kept manifest uses \\(blobs that other repositories share stay\\)\n$");
        assertThat(run.stderr()).contains("git: 2 live branches, 0 tags at " + upstream.uri() + "\n");
    }

    @Test
    void aRepositoryNeverPushedIsEmptyAndNamedNotAFailureOfTheWholeReap() throws IOException {
        story();
        String unknown = registry.get().host() + "/acme/not-built-yet-" + REPOSITORIES.incrementAndGet();
        Files.writeString(
                config,
                Files.readString(config)
                        .replace("  - " + repositoryName + "\n", "  - " + repositoryName + "\n  - " + unknown + "\n"));

        Reaper.Run run = Reaper.run("apply", "--yes", "-c", config.toString(), "--journal-dir", temp.toString());

        assertThat(run.exitCode()).as(run.stderr()).isZero();
        assertThat(tags()).doesNotContainKey("feat-b-latest");
        // distribution answers 404 for the name; olareg lists no tags for it
        String said = registry.get().kind() == RegistryKind.OLAREG
                ? "no tags here (nothing pushed to it yet, or misspelled in repositories: this registry lists no tags"
                        + " for a name it does not know): nothing to do\n"
                : "the registry does not know this repository (nothing pushed to it yet, or misspelled in"
                        + " repositories): nothing to do\n";
        assertThat(run.stdout()).contains("\n" + unknown + ": 0 tags, 0 to remove\n  " + said);
        assertThat(run.stderr()).contains(unknown + ": " + said);
    }

    @Test
    void planAsJsonListsEveryTagWithActionAndReason() {
        Story s = story();

        Reaper.Run run = Reaper.run("plan", "--json", "-c", config.toString(), "--journal-dir", temp.toString());

        assertThat(run.exitCode()).as(run.stderr()).isZero();
        assertThat(run.stdout())
                .contains("\"live_branches\" : [ \"feat/a\", \"master\" ]")
                .contains("\"untag_method\" : \""
                        + (registry.get().kind() == RegistryKind.DISTRIBUTION_2_8 ? "dummy_manifest" : "oci_tag_delete")
                        + "\"")
                .contains("\"tag\" : \"feat-b-latest\",\n      \"digest\" : \"" + s.unmergedImage()
                        + "\",\n      \"action\" : \"delete_manifest\"")
                .contains("\"removals\" : 3");
    }

    @Test
    void applyRemovesTheVanishedBranchesImagesAndKeepsEveryOtherTag() {
        Story s = story();
        Map<String, Digest> before = tags();

        Reaper.Run run = Reaper.run("apply", "--yes", "-c", config.toString(), "--journal-dir", temp.toString());

        assertThat(run.exitCode()).as(run.stderr()).isZero();
        Map<String, Digest> expected = new TreeMap<>(before);
        expected.remove("feat-b-latest");
        expected.remove(s.unmerged().substring(0, 10));
        expected.remove("feat-c-latest");
        assertThat(tags()).isEqualTo(expected);
        // the untagged image stays whole under its commit tag; the deleted one is gone by digest too
        assertThat(repository.resolve(s.mergedImage().toString())).isPresent();
        assertThat(repository.resolve(s.unmergedImage().toString())).isEmpty();
        assertThat(run.stdout()).contains("removed 3, skipped 0, left 0; 6 kept tags verified; journal: ");
        for (String tag : expected.keySet()) {
            assertThat(skopeoDigest(tag)).as(tag).isEqualTo(expected.get(tag).toString());
        }
    }

    @Test
    void aPromotedImageSurvivesTheReapingOfItsBranch() {
        upstream.commit("master");
        String x = upstream.commit("feat/x");
        Digest image = build("feat/x", x, 5);
        Images.retag(repository, "feat-x-latest", "master-latest"); // promoted: one digest, two tags
        upstream.deleteBranch("feat/x");

        Reaper.Run run = Reaper.run("apply", "--yes", "-c", config.toString(), "--journal-dir", temp.toString());

        assertThat(run.exitCode()).as(run.stderr()).isZero();
        // the commit is unreachable, but master-latest still needs the digest: both tags are only untagged
        assertThat(tags()).isEqualTo(Map.of("master-latest", image));
        assertThat(skopeoDigest("master-latest")).isEqualTo(image.toString());
        assertThat(run.stderr()).contains("untagged " + repositoryName + ":feat-x-latest (" + image + " stays)");
    }

    @Test
    void aMultiPlatformImageKeepsItsChildren() throws IOException {
        upstream.commit("master");
        upstream.commit("feat/arm");
        ImageFixtures fixtures = new ImageFixtures(Files.createDirectories(temp.resolve("fixtures")));
        Path layout = fixtures.multiPlatform("multi", "multi", 42);
        String path = repositoryName.substring(repositoryName.indexOf('/') + 1);
        Digest index = Digest.parse(fixtures.pushAll(layout, "multi", registry.get(), path, "master-latest"));
        Digest arm = client.repository(ImageReference.parse(repositoryName))
                .fetchManifest(index.toString())
                .orElseThrow()
                .asIndex()
                .manifestsOrEmpty()
                .get(1)
                .parsedDigest();
        // a branch that tagged the arm64 child on its own, then went away
        Images.retag(repository, arm.toString(), "feat-arm-latest");
        upstream.deleteBranch("feat/arm");
        writeConfig("min_age: 0\n"); // the fixture's images were made just now

        Reaper.Run plan = Reaper.run("plan", "-c", config.toString(), "--journal-dir", temp.toString());
        assertThat(plan.stdout())
                .contains("branch gone (no live branch has the slug 'feat-arm'); its digest is a child"
                        + " of kept index tag 'master-latest', so only the tag goes");
        Reaper.Run run = Reaper.run("apply", "--yes", "-c", config.toString(), "--journal-dir", temp.toString());

        assertThat(run.exitCode()).as(run.stderr()).isZero();
        assertThat(tags()).isEqualTo(Map.of("master-latest", index));
        assertThat(repository.resolve(arm.toString())).isPresent();
        Commands.Result inspect = Commands.run(
                List.of(
                        "skopeo",
                        "inspect",
                        "--tls-verify=false",
                        "--override-arch",
                        "arm64",
                        "docker://" + repositoryName + ":master-latest"),
                null,
                Map.of());
        assertThat(inspect.exitCode()).as(inspect.stderr()).isZero();
        assertThat(inspect.stdout()).contains("\"Architecture\": \"arm64\"");
    }

    @Test
    void anUnreachableRemoteDeletesNothing() throws IOException {
        story();
        Map<String, Digest> before = tags();
        Files.writeString(
                config,
                Files.readString(config)
                        .replace(
                                upstream.uri(),
                                temp.resolve("nowhere.git").toUri().toString()));

        Reaper.Run run = Reaper.run("apply", "--yes", "-c", config.toString(), "--journal-dir", temp.toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.stderr())
                .startsWith("error: cannot list the branches of "
                        + temp.resolve("nowhere.git").toUri())
                .endsWith("hint: check git.uri and git.username/git.password; nothing was deleted\n");
        assertThat(run.stdout()).isEmpty();
        assertThat(tags()).isEqualTo(before);
        assertThat(journals()).isEmpty();
    }

    @Test
    void aRemoteWithNoBranchesDeletesNothing() throws IOException {
        story();
        Map<String, Digest> before = tags();
        Path empty = temp.resolve("empty.git");
        Upstream.git(temp, "init", "-q", "--bare", empty.toString());
        Files.writeString(
                config,
                Files.readString(config).replace(upstream.uri(), empty.toUri().toString()));

        Reaper.Run run = Reaper.run("apply", "--yes", "-c", config.toString(), "--journal-dir", temp.toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.stderr())
                .isEqualTo("error: " + empty.toUri() + " lists no branches at all: refusing to run,"
                        + " since every image would look abandoned\nhint: check git.uri; nothing was deleted\n");
        assertThat(tags()).isEqualTo(before);
    }

    @Test
    void aPlanOverTheLimitsIsRefusedBeforeAnyDeletion() throws IOException {
        story();
        Map<String, Digest> before = tags();
        Files.writeString(
                config,
                Files.readString(config)
                        .replace("max_deletions: 50", "max_deletions: 2")
                        .replace("max_fraction: 0.9", "max_fraction: 0.25"));

        Reaper.Run run = Reaper.run("apply", "--yes", "-c", config.toString(), "--journal-dir", temp.toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.stderr())
                .endsWith("error: refusing to apply, nothing was deleted:\n"
                        + "error: the plan removes 3 tags, more than limits.max_deletions (2)\n"
                        + "error: " + repositoryName
                        + " would lose 3 of its 9 tags (33%), more than limits.max_fraction (25%)\n"
                        + "hint: if the plan is right, raise limits.max_deletions / limits.max_fraction for one run\n");
        assertThat(tags()).isEqualTo(before);
        assertThat(journals()).isEmpty();
        assertThat(Reaper.run("plan", "-c", config.toString(), "--journal-dir", temp.toString())
                        .exitCode())
                .isEqualTo(1);
    }

    @Test
    void withoutYesAndWithoutATerminalNothingHappens() {
        story();
        Map<String, Digest> before = tags();

        Reaper.Run run = Reaper.run("apply", "-c", config.toString(), "--journal-dir", temp.toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.stderr())
                .isEqualTo("error: no terminal to confirm on, and --yes was not given: nothing was"
                        + " deleted\nhint: review `reaper plan` first, then run apply --yes\n");
        assertThat(tags()).isEqualTo(before);
    }

    @Test
    void aJournalDirectoryThatCannotBeMadeStopsTheApplyBeforeAnyDeletion() throws IOException {
        story();
        Map<String, Digest> before = tags();
        Path notADirectory = Files.writeString(temp.resolve("plain-file"), "x");
        Path journalDir = notADirectory.resolve("journals");

        Reaper.Run run = Reaper.run("apply", "--yes", "-c", config.toString(), "--journal-dir", journalDir.toString());

        assertThat(run.exitCode()).isEqualTo(1);
        // the middle is the operating system's reason
        assertThat(run.stderr())
                .contains("error: cannot create the journal directory " + journalDir + ": ")
                .endsWith("; nothing was deleted\nhint: give one that can be written with --journal-dir\n");
        assertThat(tags()).isEqualTo(before);
    }

    @Test
    void undoPutsBackEveryRemovedTag() throws IOException {
        story();
        Map<String, Digest> before = tags();
        assertThat(Reaper.run("apply", "--yes", "-c", config.toString(), "--journal-dir", temp.toString())
                        .exitCode())
                .isZero();
        assertThat(tags()).hasSize(before.size() - 3);
        Path journal = journals().getFirst();
        assertThat(Files.readString(journal)).doesNotContain("password");

        Reaper.Run undo = Reaper.run("undo", "-c", config.toString(), journal.toString());

        assertThat(undo.exitCode()).as(undo.stderr()).isZero();
        assertThat(tags()).isEqualTo(before);
        assertThat(undo.stdout())
                .contains("restored " + repositoryName + ":feat-b-latest -> " + before.get("feat-b-latest") + "\n");
        assertThat(skopeoDigest("feat-b-latest"))
                .isEqualTo(before.get("feat-b-latest").toString());
    }

    @Test
    void keepPerBranchRemovesALiveBranchsOldestCommitTags() throws IOException {
        upstream.commit("master");
        String first = upstream.commit("feat/a");
        build("feat/a", first, 10);
        String second = upstream.commit("feat/a");
        build("feat/a", second, 20);
        String third = upstream.commit("feat/a");
        build("feat/a", third, 30);
        writeConfig("");
        Files.writeString(
                config,
                Files.readString(config)
                        .replace("  delete_unreachable: true", "  delete_unreachable: true\n  keep_per_branch: 2"));

        Reaper.Run run = Reaper.run("plan", "-c", config.toString(), "--journal-dir", temp.toString());

        assertThat(run.exitCode()).as(run.stderr()).isZero();
        assertThat(run.stdout())
                .containsPattern("delete +" + first.substring(0, 10)
                        + " +sha256:[0-9a-f]{12} +over keep_per_branch \\(2\\) of branch 'feat/a'\n");
        assertThat(run.stdout()).containsPattern("keep +" + second.substring(0, 10) + " ");
        assertThat(run.stdout()).containsPattern("keep +" + third.substring(0, 10) + " ");
    }

    @Test
    void aSignatureGoesWithItsImageAndUndoRestoresBoth() throws IOException {
        Images.push(repository, "master-latest", "master", upstream.commit("master"), 6);
        String b = upstream.commit("feat/b");
        Digest image = Images.push(repository, "feat-b-latest", "feat/b", b, 7);
        Digest signature = Images.pushSignature(repository, image);
        String sigTag = "sha256-" + image.hex() + ".sig";
        upstream.deleteBranch("feat/b");
        Map<String, Digest> before = tags();

        Reaper.Run plan = Reaper.run("plan", "-c", config.toString(), "--journal-dir", temp.toString());
        assertThat(plan.stdout())
                .containsPattern("  delete +feat-b-latest +sha256:[0-9a-f]{12} +branch gone[^\n]*\n"
                        + "   \\^ delete +" + sigTag + " +sha256:[0-9a-f]{12} +cosign signature of "
                        + image.toString().substring(0, 19) + ", which goes with 'feat-b-latest'\n");
        Reaper.Run run = Reaper.run("apply", "--yes", "-c", config.toString(), "--journal-dir", temp.toString());

        assertThat(run.exitCode()).as(run.stderr()).isZero();
        assertThat(tags()).containsOnlyKeys("master-latest");
        assertThat(repository.resolve(signature.toString())).isEmpty();
        Reaper.Run undo = Reaper.run(
                "undo", "-c", config.toString(), journals().getFirst().toString());
        assertThat(undo.exitCode()).as(undo.stderr()).isZero();
        assertThat(tags()).isEqualTo(before);
        assertThat(skopeoDigest(sigTag)).isEqualTo(signature.toString());
    }

    @Test
    void aSignatureOfAPromotedImageStaysWithIt() {
        upstream.commit("master");
        String x = upstream.commit("feat/x");
        Digest image = Images.push(repository, "feat-x-latest", "feat/x", x, 8);
        Images.retag(repository, "feat-x-latest", "master-latest");
        Digest signature = Images.pushSignature(repository, image);
        upstream.deleteBranch("feat/x");

        Reaper.Run run = Reaper.run("apply", "--yes", "-c", config.toString(), "--journal-dir", temp.toString());

        assertThat(run.exitCode()).as(run.stderr()).isZero();
        assertThat(run.stdout())
                .contains("cosign signature of " + image.toString().substring(0, 19)
                        + ", which stays (kept tag 'master-latest')");
        assertThat(tags()).isEqualTo(Map.of("master-latest", image, "sha256-" + image.hex() + ".sig", signature));
    }

    @Test
    void anArtifactReferringToADoomedImageGoesWithItThroughTheFallbackTag() throws IOException {
        upstream.commit("master");
        String b = upstream.commit("feat/b");
        Digest image = Images.push(repository, "feat-b-latest", "feat/b", b, 9);
        Digest sbom = Images.pushReferrer(repository, image);
        Digest kept = Images.push(repository, "master-latest", "master", upstream.commit("master"), 10);
        Digest keptSbom = Images.pushReferrer(repository, kept);
        upstream.deleteBranch("feat/b");
        Map<String, Digest> before = tags();

        Reaper.Run plan = Reaper.run("plan", "-c", config.toString(), "--journal-dir", temp.toString());
        assertThat(plan.stderr()).contains("referrers from referrer tags (the registry has no referrers API)");
        assertThat(plan.stdout())
                .contains("   ^ delete (untagged)")
                .contains("referrer (" + Images.SBOM + ") of "
                        + image.toString().substring(0, 19) + ", which goes with 'feat-b-latest'\n")
                .contains("referrer (" + Images.SBOM + ") of " + kept.toString().substring(0, 19)
                        + ", which stays (kept tag 'master-latest')\n")
                .contains("referrers fallback index of " + image.toString().substring(0, 19) + ", which goes with"
                        + " 'feat-b-latest'");
        Reaper.Run run = Reaper.run("apply", "--yes", "-c", config.toString(), "--journal-dir", temp.toString());

        assertThat(run.exitCode()).as(run.stderr()).isZero();
        assertThat(tags())
                .isEqualTo(Map.of("master-latest", kept, "sha256-" + kept.hex(), before.get("sha256-" + kept.hex())));
        assertThat(repository.resolve(sbom.toString())).isEmpty();
        assertThat(repository.resolve(keptSbom.toString())).isPresent();
        assertThat(run.stdout())
                .contains("removed " + repositoryName + "@" + sbom + " (referrer deleted with its" + " subject " + image
                        + ")");
        Reaper.Run undo = Reaper.run(
                "undo", "-c", config.toString(), journals().getFirst().toString());
        assertThat(undo.exitCode()).as(undo.stderr()).isZero();
        assertThat(tags()).isEqualTo(before);
        assertThat(repository.fetchManifest(sbom.toString())).isPresent();
    }

    @Test
    void aSignatureWhoseImageIsGoneIsReportedAndGoesOnlyWithDeleteOrphans() {
        Digest kept = Images.push(repository, "master-latest", "master", upstream.commit("master"), 11);
        Digest image = Images.push(repository, "feat-old-latest", "feat/old", upstream.commit("feat/old"), 12);
        Digest signature = Images.pushSignature(repository, image);
        String sigTag = "sha256-" + image.hex() + ".sig";
        repository.deleteManifest(image); // deleted by hand, signature left behind

        Reaper.Run plan = Reaper.run("plan", "-c", config.toString(), "--journal-dir", temp.toString());
        Reaper.Run keep = Reaper.run("apply", "--yes", "-c", config.toString(), "--journal-dir", temp.toString());
        assertThat(tags()).containsEntry(sigTag, signature);
        Reaper.Run delete = Reaper.run(
                "apply", "--yes", "--delete-orphans", "-c", config.toString(), "--journal-dir", temp.toString());

        assertThat(plan.stdout())
                .contains("  referrers whose subject has no tag here:\n")
                .contains("orphaned cosign signature of " + image.toString().substring(0, 19)
                        + ": the subject no longer" + " exists; --delete-orphans deletes it");
        assertThat(keep.exitCode()).as(keep.stderr()).isZero();
        assertThat(keep.stdout()).contains("nothing to remove");
        assertThat(delete.exitCode()).as(delete.stderr()).isZero();
        assertThat(tags()).isEqualTo(Map.of("master-latest", kept));
        assertThat(repository.resolve(signature.toString())).isEmpty();
    }

    @Test
    void aCommitTagYoungerThanMinAgeIsKeptThoughItsBranchIsGone() throws IOException {
        upstream.commit("master");
        String b = upstream.commit("feat/b");
        String created =
                Instant.now().minusSeconds(600).truncatedTo(ChronoUnit.SECONDS).toString();
        Digest image = Images.push(repository, "feat-b-latest", "feat/b", b, created);
        Images.retag(repository, "feat-b-latest", b.substring(0, 10));
        upstream.deleteBranch("feat/b");
        Map<String, Digest> before = tags();

        Reaper.Run run = Reaper.run("apply", "--yes", "-c", config.toString(), "--journal-dir", temp.toString());

        assertThat(run.exitCode()).as(run.stderr()).isZero();
        assertThat(tags()).isEqualTo(before).containsEntry(b.substring(0, 10), image);
        assertThat(run.stdout())
                .contains("younger than min_age (24h; created " + created + "); it would otherwise"
                        + " go: commit unreachable from every live branch and tag")
                .contains("nothing to remove");
        writeConfig("min_age: 5m\n");
        assertThat(Reaper.run("plan", "-c", config.toString(), "--journal-dir", temp.toString())
                        .stdout())
                .containsPattern("delete +" + b.substring(0, 10) + " ");
    }

    @Test
    void anImageWithoutACreationTimeAgesFromWhenTheReaperFirstSawIt() throws IOException {
        Images.push(repository, "master-latest", "master", upstream.commit("master"), 1);
        String b = upstream.commit("feat/b");
        // a reproducible build's placeholder: no clock at all
        Images.push(repository, "feat-b-latest", "feat/b", b, "1970-01-01T00:00:00Z");
        upstream.deleteBranch("feat/b");

        Reaper.Run first = Reaper.run("plan", "-c", config.toString(), "--journal-dir", temp.toString());
        Path store = temp.resolve("first-seen.json");
        String seen = Files.readString(store);
        Reaper.Run second = Reaper.run("plan", "-c", config.toString(), "--journal-dir", temp.toString());

        assertThat(first.exitCode()).as(first.stderr()).isZero();
        Matcher at = Pattern.compile("younger than min_age \\(24h; first seen"
                        + " ([0-9TZ:.-]+)\\); it would otherwise go: branch gone")
                .matcher(first.stdout());
        assertThat(at.find()).as(first.stdout()).isTrue();
        assertThat(seen).contains("\"format\" : \"dockertag-reaper-first-seen/1\"", repositoryName, at.group(1));
        // the second plan measures from the same moment, not from its own
        assertThat(second.stdout()).contains("first seen " + at.group(1) + ")");
        assertThat(Files.readString(store)).isEqualTo(seen);
    }

    @Test
    void aCommandLineThatDoesNotParseHasItsOwnExitCode() {
        Reaper.Run run = Reaper.run("apply", "--yse", "-c", config.toString());

        assertThat(run.exitCode()).isEqualTo(64);
        assertThat(run.stderr())
                .startsWith("error: Unknown option: '--yse'")
                .endsWith("hint: reaper apply --help lists its options\n");
    }

    private List<Path> journals() {
        try (Stream<Path> files = Files.list(temp)) {
            return files.filter(p -> p.getFileName().toString().startsWith("reaper-journal-"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String skopeoDigest(String tag) {
        Commands.Result result = Commands.run(
                List.of(
                        "skopeo",
                        "inspect",
                        "--tls-verify=false",
                        "--format",
                        "{{.Digest}}",
                        "docker://" + repositoryName + ":" + tag),
                null,
                Map.of());
        assertThat(result.exitCode()).as(result.stderr()).isZero();
        return result.stdout().strip();
    }
}
