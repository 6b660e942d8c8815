package dev.dockertag.resource;

import static dev.dockertag.resource.ResourceScripts.request;
import static dev.dockertag.resource.ResourceScripts.source;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dockertag.testsupport.Commands;
import dev.dockertag.testsupport.ImageFixtures;
import dev.dockertag.testsupport.LocalRegistry;
import dev.dockertag.testsupport.LocalRegistryExtension;
import dev.dockertag.testsupport.RegistryKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The packaged out against the real registry, its pushes read back by skopeo and by check and in. */
class OutIT {

    static final String COMMIT = "4f1c2a9e8b7d6c5e4f3a2b1c0d9e8f7a6b5c4d3e";

    @RegisterExtension
    static LocalRegistryExtension registryExtension = LocalRegistryExtension.anonymous();

    @TempDir
    static Path work;

    static ImageFixtures fixtures;
    static ResourceScripts scripts;
    static Path layout;

    @BeforeAll
    static void image() {
        fixtures = new ImageFixtures(work);
        layout = fixtures.layout(
                "built",
                "v",
                List.of(
                        new ImageFixtures.Layer("/base.bin", 200_000, 11),
                        new ImageFixtures.Layer("/app.bin", 50_000, 12)));
        scripts = new ResourceScripts(work);
    }

    /** A build directory as Concourse hands it to a put: the task's output and the git input. */
    private static Path buildDirectory(String name) throws IOException {
        Path build = Files.createDirectories(work.resolve(name));
        Files.createDirectories(build.resolve("src/.git"));
        Files.writeString(build.resolve("src/.git/ref"), COMMIT + "\n");
        return build;
    }

    private static JsonNode skopeoInspect(String transportReference) throws IOException {
        return ResourceScripts.JSON.readTree(
                Commands.run("skopeo", "inspect", "--tls-verify=false", transportReference));
    }

    @Test
    void pushesADockerSaveTarballOnceWithEveryTagAndCheckFindsExactlyItsVersion(LocalRegistry registry)
            throws IOException {
        Path build = buildDirectory("docker-save");
        Files.createDirectories(build.resolve("image"));
        ImageFixtures.skopeoCopy(
                "oci:" + layout + ":v", "docker-archive:" + build.resolve("image/image.tar") + ":app:build");
        Files.writeString(build.resolve("tags"), "1.4.0 stable\n");
        Map<String, Object> source = source(registry, "out/app", "branch", "feature/Login");

        ResourceScripts.Run out = scripts.run(
                        "out",
                        request(
                                "source",
                                source,
                                "params",
                                Map.of(
                                        "image",
                                        "image/*.tar",
                                        "commit_file",
                                        "src/.git/ref",
                                        "additional_tags",
                                        "tags")),
                        build.toString())
                .requireSuccess();

        JsonNode version = out.json().get("version");
        assertThat(version.get("tag").asText()).isEqualTo("feature-login-latest");
        String digest = version.get("digest").asText();
        // in the order they were pushed: the tracked tag last, so a failed put never moves it
        assertThat(out.json().get("metadata").toString())
                .contains("\"tags\",\"value\":\"" + COMMIT + " 1.4.0 stable feature-login-latest\"");
        // the saved layers are uncompressed; they are stored gzip-compressed, as docker push stores them,
        // and the config's diff_ids (the uncompressed digests) are those of the archive's layers
        JsonNode pushed = ResourceScripts.JSON.readTree(Commands.run(
                "skopeo",
                "inspect",
                "--raw",
                "--tls-verify=false",
                "docker://" + registry.host() + "/out/app:" + COMMIT));
        assertThat(pushed.get("layers").findValuesAsText("mediaType"))
                .hasSize(2)
                .containsOnly("application/vnd.oci.image.layer.v1.tar+gzip");
        JsonNode config = ResourceScripts.JSON.readTree(Commands.run(
                "skopeo",
                "inspect",
                "--config",
                "--tls-verify=false",
                "docker://" + registry.host() + "/out/app:" + COMMIT));
        assertThat(config.at("/rootfs/diff_ids"))
                .isEqualTo(skopeoInspect("docker-archive:" + build.resolve("image/image.tar"))
                        .get("Layers"));
        ImageFixtures.skopeoCopy(
                "docker://" + registry.host() + "/out/app:" + COMMIT, "oci:" + work.resolve("pulled") + ":x");
        assertThat(Commands.run(
                        "skopeo", "list-tags", "--tls-verify=false", "docker://" + registry.host() + "/out/app"))
                .contains("feature-login-latest", COMMIT, "1.4.0", "stable");

        ResourceScripts.Run check =
                scripts.run("check", request("source", source)).requireSuccess();
        assertThat(check.json()).hasSize(1);
        assertThat(check.json().get(0)).isEqualTo(version);

        Path got = Files.createDirectories(work.resolve("docker-save-get"));
        scripts.run(
                        "in",
                        request("source", source, "version", version, "params", Map.of("skip_download", true)),
                        got.toString())
                .requireSuccess();
        assertThat(got.resolve("commit")).hasContent(COMMIT);
        assertThat(got.resolve("branch")).hasContent("feature/Login");
    }

    @Test
    void eachScriptRunsOnTheAotCacheTrainedForIt(LocalRegistry registry) throws IOException {
        Assumptions.assumeTrue(Runtime.version().feature() >= 25, "AOT caches need JDK 25");
        // check's cache alone (a JVM loads all of its cache as it starts); in and out share one
        Path jvm = ResourceScripts.HOME.resolve("jvm");
        assertThat(jvm.resolve("check.aot")).isRegularFile();
        assertThat(jvm.resolve("in.aot").toRealPath())
                .isEqualTo(jvm.resolve("out.aot").toRealPath())
                .isEqualTo(jvm.resolve("in-out.aot").toRealPath())
                .isNotEqualTo(jvm.resolve("check.aot").toRealPath());
        // AOTMode=on: the JVM exits with an error rather than run without a cache it cannot use
        ResourceScripts strict = scripts.withEnvironment(Map.of("RESOURCE_JAVA_OPTS", "-XX:AOTMode=on"));
        Path build = buildDirectory("aot");
        ImageFixtures.skopeoCopy("oci:" + layout + ":v", "docker-archive:" + build.resolve("image.tar") + ":app:build");
        Map<String, Object> source = source(registry, "aot/app", "branch", "main");

        JsonNode version = strict.run(
                        "out", request("source", source, "params", Map.of("image", "image.tar")), build.toString())
                .requireSuccess()
                .json()
                .get("version");
        Path got = Files.createDirectories(work.resolve("aot-get"));
        ResourceScripts.Run in = strict.run(
                "in",
                request(
                        "source",
                        source,
                        "version",
                        Map.of(
                                "tag",
                                version.get("tag").asText(),
                                "digest",
                                version.get("digest").asText())),
                got.toString());
        ResourceScripts.Run check = strict.run("check", request("source", source));

        assertThat(in.requireSuccess().json().get("version")).isEqualTo(version);
        assertThat(check.requireSuccess().json().get(0)).isEqualTo(version);
        assertThat(check.stderr()).isEmpty();
    }

    @Test
    void aDockerSaveWhoseLayerIsNotItsDiffIdIsRefusedAndNothingIsTagged(LocalRegistry registry) throws IOException {
        Path build = buildDirectory("corrupt-save");
        Path parts = Files.createDirectories(work.resolve("corrupt-save-parts"));
        Files.writeString(Files.createDirectories(parts.resolve("root")).resolve("hello.txt"), "hello\n");
        Commands.run(
                        List.of(
                                "tar",
                                "-cf",
                                parts.resolve("layer.tar").toString(),
                                "-C",
                                parts.resolve("root").toString(),
                                "hello.txt"),
                        parts,
                        Map.of())
                .requireSuccess(List.of("tar"));
        String wrong = "sha256:" + "0".repeat(63) + "1";
        Files.writeString(
                parts.resolve("config.json"),
                "{\"architecture\":\"amd64\",\"os\":\"linux\"," + "\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\""
                        + wrong + "\"]}}");
        Files.writeString(
                parts.resolve("manifest.json"),
                "[{\"Config\":\"config.json\",\"RepoTags\":[\"app:build\"],\"Layers\":[\"layer.tar\"]}]");
        Commands.run(
                        List.of(
                                "tar",
                                "-cf",
                                build.resolve("image.tar").toString(),
                                "-C",
                                parts.toString(),
                                "manifest.json",
                                "config.json",
                                "layer.tar"),
                        parts,
                        Map.of())
                .requireSuccess(List.of("tar"));

        ResourceScripts.Run out = scripts.run(
                "out",
                request(
                        "source",
                        source(registry, "corrupt/app", "branch", "main"),
                        "params",
                        Map.of("image", "image.tar")),
                build.toString());

        assertThat(out.exitCode()).isEqualTo(1);
        assertThat(out.stdout()).isEmpty();
        assertThat(out.stderr())
                .contains("layer " + wrong + " does not match its digest (its diff_id in the config):"
                        + " the archive is corrupt");
        Commands.Result tags = Commands.run(
                List.of("skopeo", "list-tags", "--tls-verify=false", "docker://" + registry.host() + "/corrupt/app"),
                work,
                Map.of());
        if (registry.kind() == RegistryKind.OLAREG) { // it lists no tags for a name it does not know
            assertThat(ResourceScripts.JSON.readTree(tags.stdout()).path("Tags"))
                    .as("nothing was tagged")
                    .isEmpty();
        } else {
            assertThat(tags.exitCode()).as("the repository was never created").isNotZero();
        }
    }

    @Test
    void pushesAnOciLayoutDirectoryAndASecondPushUploadsNothing(LocalRegistry registry) throws IOException {
        Path build = buildDirectory("oci-layout");
        ImageFixtures.skopeoCopy("oci:" + layout + ":v", "oci:" + build.resolve("image") + ":latest");
        Map<String, Object> request = request(
                "source",
                source(registry, "layout/app", "branch", "main"),
                "params",
                Map.of("image", "image", "commit_file", "src/.git/ref"));

        ResourceScripts.Run first =
                scripts.run("out", request, build.toString()).requireSuccess();
        ResourceScripts.Run second =
                scripts.run("out", request, build.toString()).requireSuccess();

        assertThat(first.stderr()).contains("3 blob(s) uploaded");
        assertThat(second.stderr()).contains("0 blob(s) uploaded (0 B), 3 already in the registry");
        assertThat(second.json().get("version")).isEqualTo(first.json().get("version"));
        assertThat(skopeoInspect("docker://" + registry.host() + "/layout/app:main-latest")
                        .get("Layers"))
                .isEqualTo(skopeoInspect("oci:" + layout + ":v").get("Layers"));
        String raw = ImageFixtures.inspectRaw(registry, "layout/app:main-latest");
        assertThat(raw)
                .contains(
                        "\"org.opencontainers.image.revision\":\"" + COMMIT + "\"",
                        "\"dev.dockertag.branch\":\"main\"");
    }

    @Test
    void pushesAnOciArchiveAndAMultiPlatformIndexWhole(LocalRegistry registry) throws IOException {
        Path build = buildDirectory("oci-archive");
        Path multi = fixtures.multiPlatform("multi", "both", 50);
        ImageFixtures.skopeoCopy(
                "oci:" + multi + ":both", "oci-archive:" + build.resolve("image.tar") + ":both", "--all");

        ResourceScripts.Run out = scripts.run(
                        "out",
                        request(
                                "source",
                                source(registry, "multi/app", "tag", "nightly"),
                                "params",
                                Map.of("image", "image.tar")),
                        build.toString())
                .requireSuccess();

        JsonNode raw = ResourceScripts.JSON.readTree(ImageFixtures.inspectRaw(registry, "multi/app:nightly"));
        assertThat(raw.get("mediaType").asText()).isEqualTo("application/vnd.oci.image.index.v1+json");
        assertThat(raw.get("manifests")).hasSize(2);
        assertThat(out.json().get("version").get("tag").asText()).isEqualTo("nightly");
        String arm = Commands.run(
                "skopeo",
                "--override-arch",
                "arm64",
                "inspect",
                "--tls-verify=false",
                "docker://" + registry.host() + "/multi/app:nightly");
        assertThat(ResourceScripts.JSON.readTree(arm).get("Architecture").asText())
                .isEqualTo("arm64");
    }

    @Test
    void promoteRetagsWithoutTouchingASingleBlob(LocalRegistry registry) throws IOException {
        Path build = buildDirectory("promote");
        ImageFixtures.skopeoCopy("oci:" + layout + ":v", "oci:" + build.resolve("image") + ":latest");
        ResourceScripts.Run feature = scripts.run(
                        "out",
                        request(
                                "source",
                                source(registry, "promote/app", "branch", "feature/x"),
                                "params",
                                Map.of("image", "image")),
                        build.toString())
                .requireSuccess();
        String featureDigest = feature.json().get("version").get("digest").asText();
        Files.writeString(build.resolve("tested-digest"), featureDigest + "\n");

        int before = registry.requests().size();
        ResourceScripts.Run promoted = scripts.run(
                        "out",
                        request(
                                "source",
                                source(registry, "promote/app", "branch", "master"),
                                "params",
                                Map.of("promote", "tested-digest", "commit_file", "src/.git/ref")),
                        build.toString())
                .requireSuccess();

        assertThat(promoted.json().get("version"))
                .hasToString("{\"tag\":\"master-latest\",\"digest\":\"" + featureDigest + "\"}");
        List<LocalRegistry.LoggedRequest> during =
                registry.requests().subList(before, registry.requests().size());
        assertThat(during).extracting(LocalRegistry.LoggedRequest::path).noneMatch(p -> p.contains("/blobs/"));
        assertThat(during)
                .extracting(r -> r.method() + " " + r.path())
                .contains("PUT /v2/promote/app/manifests/master-latest", "PUT /v2/promote/app/manifests/" + COMMIT);
    }

    @Test
    void badParamsAreClearErrorsThatPushNothing(LocalRegistry registry) throws IOException {
        Path build = buildDirectory("bad");
        Files.createDirectories(build.resolve("one"));
        Files.writeString(build.resolve("one/a.tar"), "x");
        Files.writeString(build.resolve("one/b.tar"), "x");
        Map<String, Object> source = source(registry, "bad/app", "branch", "main");
        record Case(Map<String, Object> params, String message) {}
        List<Case> cases = List.of(
                new Case(Map.of("image", "missing/*.tar"), "error: params.image: nothing matches 'missing/*.tar' in "),
                new Case(
                        Map.of("image", "one/*.tar"),
                        "error: params.image: 'one/*.tar' matches 2 paths; it must match"
                                + " exactly one: one/a.tar, one/b.tar"),
                new Case(Map.of("image", "one/a.tar"), "error: params.image: "),
                new Case(
                        Map.of("image", "one/a.tar", "commit_file", "src/nope"),
                        "error: params.commit_file: src/nope does not exist in "),
                new Case(
                        Map.of("image", "one/a.tar", "tag_prefix", "v"),
                        "error: params.tag_prefix needs params.commit_file or params.additional_tags"),
                new Case(
                        Map.of("image", "one/a.tar", "promote", "x"),
                        "error: params.image and params.promote are exclusive; set only one"),
                new Case(
                        Map.of("imagee", "one/a.tar"),
                        "error: invalid payload: unknown key 'params.imagee' (did you mean 'image'? known keys here:"),
                new Case(
                        Map.of("promote", "never-pushed"),
                        "error: params.promote: " + registry.host() + "/bad/app:never-pushed does not exist"));
        for (Case c : cases) {
            ResourceScripts.Run run =
                    scripts.run("out", request("source", source, "params", c.params()), build.toString());
            assertThat(run.exitCode()).as(c.message()).isEqualTo(1);
            assertThat(run.stdout()).as(c.message()).isEmpty();
            assertThat(run.stderr()).as(c.params().toString()).startsWith(c.message());
        }
        ResourceScripts.Run noDir = scripts.run("out", request("source", source, "params", Map.of("image", "x")));
        assertThat(noDir.stderr())
                .isEqualTo("error: build directory not given: Concourse runs 'out <build directory>'\n");
        assertThat(registry.requests())
                .noneMatch(r -> r.path().startsWith("/v2/bad/app/")
                        && !r.method().equals("HEAD")
                        && !r.method().equals("GET"));
    }
}
