package dev.dockertag.resource;

import static dev.dockertag.resource.ResourceScripts.request;
import static dev.dockertag.resource.ResourceScripts.source;
import static dev.dockertag.resource.ResourceScripts.version;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dockertag.registry.ImageReference;
import dev.dockertag.registry.RegistryClient;
import dev.dockertag.registry.image.Digest;
import dev.dockertag.testsupport.Commands;
import dev.dockertag.testsupport.ImageFixtures;
import dev.dockertag.testsupport.LocalRegistry;
import dev.dockertag.testsupport.LocalRegistryExtension;
import dev.dockertag.testsupport.RegistryKind;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The packaged check against the real registry, request by request as Concourse sends them. */
class CheckIT {

    @RegisterExtension
    static LocalRegistryExtension registryExtension = LocalRegistryExtension.anonymous();

    @TempDir
    static Path work;

    static ImageFixtures fixtures;
    static Path layoutA;
    static Path layoutB;
    static ResourceScripts scripts;

    @BeforeAll
    static void images() {
        fixtures = new ImageFixtures(work);
        layoutA = fixtures.layout("a", "v", List.of(new ImageFixtures.Layer("/a.bin", 4096, 1)));
        layoutB = fixtures.layout("b", "v", List.of(new ImageFixtures.Layer("/b.bin", 4096, 2)));
        scripts = new ResourceScripts(work);
    }

    private static String push(Path layout, String repository, String tag) {
        return fixtures.push(layout, "v", registryExtension.get(), repository, tag, "oci");
    }

    @Test
    void firstCheckHasNoVersionKeyAndReturnsOnlyTheCurrentDigest(LocalRegistry registry) {
        push(layoutA, "first/app", "feature-login-latest");
        String current = push(layoutB, "first/app", "feature-login-latest");

        ResourceScripts.Run run = scripts.run(
                        "check", request("source", source(registry, "first/app", "branch", "feature/Login")))
                .requireSuccess();

        assertThat(run.json()).hasToString("[{\"tag\":\"feature-login-latest\",\"digest\":\"" + current + "\"}]");
        assertThat(run.stderr())
                .as("a successful check says nothing: no JVM, AOT or logging noise")
                .isEmpty();
    }

    @Test
    void unchangedCursorIsReturnedAlone(LocalRegistry registry) {
        String digest = push(layoutA, "same/app", "main-latest");

        ResourceScripts.Run run = scripts.run(
                        "check",
                        request(
                                "source",
                                source(registry, "same/app", "branch", "main"),
                                "version",
                                version("main-latest", digest)))
                .requireSuccess();

        assertThat(run.json()).hasToString("[{\"tag\":\"main-latest\",\"digest\":\"" + digest + "\"}]");
    }

    @Test
    void aCursorWhoseDigestIsMalformedIsIgnoredWithALine(LocalRegistry registry) {
        String digest = push(layoutA, "odd-cursor/app", "main-latest");

        ResourceScripts.Run run = scripts.run(
                        "check",
                        request(
                                "source",
                                source(registry, "odd-cursor/app", "branch", "main"),
                                "version",
                                version("main-latest", "not-a-digest")))
                .requireSuccess();

        assertThat(run.json()).hasToString("[{\"tag\":\"main-latest\",\"digest\":\"" + digest + "\"}]");
        assertThat(run.stderr()).contains("the previous version's digest 'not-a-digest' is not a digest; ignoring it");
    }

    @Test
    void movedTagReturnsOldThenNewWhileTheOldDigestExists(LocalRegistry registry) {
        String old = push(layoutA, "moved/app", "main-latest");
        String now = push(layoutB, "moved/app", "main-latest");

        ResourceScripts.Run run = scripts.run(
                        "check",
                        request(
                                "source",
                                source(registry, "moved/app", "branch", "main"),
                                "version",
                                version("main-latest", old)))
                .requireSuccess();

        assertThat(run.json())
                .hasToString("[{\"tag\":\"main-latest\",\"digest\":\"" + old + "\"},"
                        + "{\"tag\":\"main-latest\",\"digest\":\"" + now + "\"}]");
    }

    @Test
    void movedTagReturnsOnlyTheNewDigestWhenTheOldOneIsDeleted(LocalRegistry registry) {
        String old = push(layoutA, "deleted/app", "main-latest");
        String now = push(layoutB, "deleted/app", "main-latest");
        RegistryClient client = RegistryClient.builder().allowPlainHttp(true).build();
        client.repository(ImageReference.parse(registry.host() + "/deleted/app"))
                .deleteManifest(Digest.parse(old));

        ResourceScripts.Run run = scripts.run(
                        "check",
                        request(
                                "source",
                                source(registry, "deleted/app", "branch", "main"),
                                "version",
                                version("main-latest", old)))
                .requireSuccess();

        assertThat(run.json()).hasToString("[{\"tag\":\"main-latest\",\"digest\":\"" + now + "\"}]");
    }

    @Test
    void missingTagIsNoVersionsAndExitZero(LocalRegistry registry) {
        push(layoutA, "missing/app", "main-latest");

        ResourceScripts.Run tagMissing = scripts.run(
                        "check", request("source", source(registry, "missing/app", "branch", "never-built")))
                .requireSuccess();
        ResourceScripts.Run repositoryMissing = scripts.run(
                        "check", request("source", source(registry, "no/such/repository", "tag", "v1")))
                .requireSuccess();

        ResourceScripts.Run regexRepositoryMissing = scripts.run(
                        "check", request("source", source(registry, "no/such/repository", "tag_regex", "v.*")))
                .requireSuccess();

        assertThat(tagMissing.json()).hasToString("[]");
        assertThat(tagMissing.stderr())
                .contains(
                        "tag never-built-latest does not exist in " + registry.host() + "/missing/app; no versions\n");
        ResourceScripts.Run bothMissing = scripts.run(
                        "check",
                        request(
                                "source",
                                source(registry, "missing/app", "branch", "never-built", "fallback_branch", "release")))
                .requireSuccess();
        assertThat(bothMissing.json()).hasToString("[]");
        assertThat(bothMissing.stderr())
                .contains("tag never-built-latest does not exist in " + registry.host() + "/missing/app, nor its"
                        + " fallback release-latest; no versions\n");
        // a misspelled repository says so, instead of reading as "not built yet" forever
        // (olareg answers a name it does not know with an empty tag list, not a 404: "no tags at all")
        String unknown = registry.kind() == RegistryKind.OLAREG
                ? "repository " + registry.host() + "/no/such/repository has no tags at all: nothing was pushed to it"
                        + " yet, or source.repository is misspelled (this registry lists no tags for a name it does not"
                        + " know); no versions\n"
                : "repository " + registry.host() + "/no/such/repository does not exist (the registry does"
                        + " not know the name): nothing was pushed to it yet, or source.repository is misspelled; no"
                        + " versions\n";
        assertThat(repositoryMissing.json()).hasToString("[]");
        assertThat(repositoryMissing.stderr()).contains(unknown).doesNotContain("tag v1 does not exist");
        assertThat(regexRepositoryMissing.json()).hasToString("[]");
        assertThat(regexRepositoryMissing.stderr()).contains(unknown);
    }

    @Test
    void newBranchFollowsTheFallbackBranchUntilItBuildsItsOwnImage(LocalRegistry registry) {
        String master = push(layoutA, "fallback/app", "master-latest");
        var source = source(registry, "fallback/app", "branch", "feature/new", "fallback_branch", "master");

        ResourceScripts.Run before =
                scripts.run("check", request("source", source)).requireSuccess();
        assertThat(before.json()).hasToString("[{\"tag\":\"master-latest\",\"digest\":\"" + master + "\"}]");
        assertThat(before.stderr()).contains("tag feature-new-latest does not exist yet; following master-latest");

        String own = push(layoutB, "fallback/app", "feature-new-latest");
        ResourceScripts.Run after = scripts.run(
                        "check", request("source", source, "version", version("master-latest", master)))
                .requireSuccess();
        assertThat(after.json())
                .hasToString("[{\"tag\":\"master-latest\",\"digest\":\"" + master + "\"},"
                        + "{\"tag\":\"feature-new-latest\",\"digest\":\"" + own + "\"}]");
    }

    @Test
    void regexModeReturnsMatchingTagsInSemverOrderAndSkipsTagsBehindTheCursor(LocalRegistry registry) {
        String v100 = push(layoutA, "regex/app", "v1.0.0");
        String v1100 = push(layoutB, "regex/app", "v1.10.0");
        String v120 = push(layoutA, "regex/app", "v1.2.0");
        String rc = push(layoutB, "regex/app", "v2.0.0-rc.1");
        push(layoutA, "regex/app", "main-latest");
        var source = source(registry, "regex/app", "tag_regex", "^v\\d", "sort", "semver");

        ResourceScripts.Run all =
                scripts.run("check", request("source", source)).requireSuccess();
        assertThat(all.json())
                .hasToString("[{\"tag\":\"v1.0.0\",\"digest\":\"" + v100 + "\"},"
                        + "{\"tag\":\"v1.2.0\",\"digest\":\"" + v120 + "\"},"
                        + "{\"tag\":\"v1.10.0\",\"digest\":\"" + v1100 + "\"},"
                        + "{\"tag\":\"v2.0.0-rc.1\",\"digest\":\"" + rc + "\"}]");

        int before = registry.requests().size();
        ResourceScripts.Run fromCursor = scripts.run(
                        "check", request("source", source, "version", version("v1.10.0", v1100)))
                .requireSuccess();
        assertThat(fromCursor.json())
                .hasToString("[{\"tag\":\"v1.10.0\",\"digest\":\"" + v1100 + "\"},"
                        + "{\"tag\":\"v2.0.0-rc.1\",\"digest\":\"" + rc + "\"}]");
        List<String> asked = registry
                .requests()
                .subList(before, registry.requests().size())
                .stream()
                .map(r -> r.method() + " " + r.path())
                .toList();
        assertThat(asked)
                .contains("HEAD /v2/regex/app/manifests/v1.10.0", "HEAD /v2/regex/app/manifests/v2.0.0-rc.1")
                .noneMatch(line -> line.contains("v1.0.0") || line.contains("v1.2.0"));
    }

    @Test
    void semverModeTakesVersionsAsRegistryImageDoesOnePerImage(LocalRegistry registry) {
        Path layoutC = fixtures.layout("c", "v", List.of(new ImageFixtures.Layer("/c.bin", 4096, 3)));
        String v100 = push(layoutA, "semver/app", "1.0.0");
        String v110 = push(layoutB, "semver/app", "1.1.0");
        push(layoutB, "semver/app", "1.1"); // the same image: 1.1.0 is the more specific tag
        String rc = push(layoutC, "semver/app", "1.2.0-rc.1");
        String alpine = push(layoutC, "semver/app", "1.2.0-alpine");
        String v200 = push(layoutA, "semver/app", "2.0.0"); // the same image as 1.0.0, a later version
        Path layoutD = fixtures.layout("d", "v", List.of(new ImageFixtures.Layer("/d.bin", 4096, 4)));
        String latest = push(layoutD, "semver/app", "latest");

        String plain = scripts.run("check", request("source", source(registry, "semver/app", "pre_releases", false)))
                .requireSuccess()
                .json()
                .toString();
        String constrained = scripts.run(
                        "check",
                        request(
                                "source",
                                source(
                                        registry,
                                        "semver/app",
                                        "semver_constraint",
                                        ">= 1.1, < 2",
                                        "pre_releases",
                                        true)))
                .requireSuccess()
                .json()
                .toString();
        String variant = scripts.run("check", request("source", source(registry, "semver/app", "variant", "alpine")))
                .requireSuccess()
                .json()
                .toString();

        // one version per image: 1.0.0 and 2.0.0 share one, reported once under the first tag found
        assertThat(plain)
                .isEqualTo("[{\"tag\":\"1.0.0\",\"digest\":\"" + v100 + "\"},"
                        + "{\"tag\":\"1.1.0\",\"digest\":\"" + v110 + "\"},"
                        + "{\"tag\":\"latest\",\"digest\":\"" + latest + "\"}]");
        assertThat(v100).isEqualTo(v200);
        assertThat(constrained)
                .isEqualTo("[{\"tag\":\"1.1.0\",\"digest\":\"" + v110 + "\"}," + "{\"tag\":\"1.2.0-rc.1\",\"digest\":\""
                        + rc + "\"}]");
        assertThat(variant).isEqualTo("[{\"tag\":\"1.2.0-alpine\",\"digest\":\"" + alpine + "\"}]");
    }

    @Test
    void regexModeByCreatedTimeOrdersByTheImagesConfig(LocalRegistry registry) {
        Path older = fixtures.layout("old-build", "v", List.of(new ImageFixtures.Layer("/o.bin", 1024, 7)));
        Path newer = fixtures.layout("new-build", "v", List.of(new ImageFixtures.Layer("/n.bin", 1024, 8)));
        Commands.run("umoci", "config", "--image", older + ":v", "--created", "2024-01-01T00:00:00Z");
        Commands.run("umoci", "config", "--image", newer + ":v", "--created", "2025-06-01T00:00:00Z");
        String b = fixtures.push(newer, "v", registry, "created/app", "build-a", "oci");
        String a = fixtures.push(older, "v", registry, "created/app", "build-b", "oci");

        int before = registry.requests().size();
        ResourceScripts.Run run = scripts.run(
                        "check",
                        request("source", source(registry, "created/app", "tag_regex", "^build-", "sort", "created")))
                .requireSuccess();

        assertThat(run.json())
                .hasToString("[{\"tag\":\"build-b\",\"digest\":\"" + a + "\"}," + "{\"tag\":\"build-a\",\"digest\":\""
                        + b + "\"}]");
        List<String> asked = registry
                .requests()
                .subList(before, registry.requests().size())
                .stream()
                .map(r -> r.method() + " " + r.path())
                .toList();
        assertThat(asked)
                .contains("GET /v2/created/app/manifests/build-a", "GET /v2/created/app/manifests/build-b")
                .noneMatch(line -> line.startsWith("HEAD /v2/created/app/manifests/build-")); // a new tag: one GET

        ResourceScripts.Run again = scripts.run(
                        "check",
                        request(
                                "source",
                                source(registry, "created/app", "tag_regex", "^build-", "sort", "created"),
                                "version",
                                version("build-b", a)))
                .requireSuccess();
        assertThat(again.json()).isEqualTo(run.json());
    }
}
