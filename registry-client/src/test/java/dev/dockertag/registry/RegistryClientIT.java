package dev.dockertag.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dockertag.registry.archive.ImageArchives;
import dev.dockertag.registry.archive.ImageSource;
import dev.dockertag.registry.archive.ImageTransfer;
import dev.dockertag.registry.image.Descriptor;
import dev.dockertag.registry.image.Digest;
import dev.dockertag.registry.image.ImageIndex;
import dev.dockertag.registry.image.ImageManifest;
import dev.dockertag.registry.image.Json;
import dev.dockertag.registry.image.Manifest;
import dev.dockertag.registry.image.MediaTypes;
import dev.dockertag.testsupport.Commands;
import dev.dockertag.testsupport.ImageFixtures;
import dev.dockertag.testsupport.ImageFixtures.Layer;
import dev.dockertag.testsupport.LocalRegistryExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The client against a real distribution 2.8 registry, checked by skopeo and umoci. */
class RegistryClientIT {

    @RegisterExtension
    static LocalRegistryExtension registry = LocalRegistryExtension.anonymous();

    @TempDir
    Path work;

    private ImageFixtures fixtures;
    private RegistryClient client;

    @BeforeEach
    void setUp() {
        fixtures = new ImageFixtures(work);
        client = RegistryClient.builder().allowPlainHttp(true).build();
    }

    private RepositoryClient repo(String path) {
        return client.repository(ImageReference.parse(registry.get().host() + "/" + path));
    }

    @Test
    void imagePushedBySkopeoIsPulledWithEveryDigestVerifiedAndUnpacksWithUmoci() throws Exception {
        Path layout =
                fixtures.layout("src", "v1", List.of(new Layer("/a.bin", 300_000, 1), new Layer("/b.bin", 1000, 2)));
        for (String format : List.of("oci", "v2s2")) {
            String digest = fixtures.push(layout, "v1", registry.get(), "pulled/" + format, "v1", format);
            RepositoryClient repo = repo("pulled/" + format);

            Optional<Descriptor> resolved = repo.resolve("v1");
            assertThat(resolved).isPresent();
            assertThat(resolved.get().digest()).isEqualTo(digest);
            assertThat(resolved.get().mediaType())
                    .isEqualTo(format.equals("oci") ? MediaTypes.OCI_MANIFEST : MediaTypes.DOCKER_MANIFEST);

            Path pulled = work.resolve("pulled-" + format);
            ImageTransfer.PullResult result =
                    ImageTransfer.pullToLayout(repo, "v1", pulled, "v1", ProgressListener.NONE);
            assertThat(result.root().digest()).hasToString(digest);
            assertThat(result.blobsDownloaded()).isEqualTo(3);

            // independent check: skopeo's own copy of the image holds the very blobs we wrote
            Path skopeoDir = work.resolve("skopeo-" + format);
            ImageFixtures.skopeoCopy(
                    "docker://" + registry.get().host() + "/pulled/" + format + ":v1", "dir:" + skopeoDir);
            try (var files = Files.list(skopeoDir)) {
                List<Path> blobs = files.filter(f -> f.getFileName().toString().matches("[0-9a-f]{64}"))
                        .toList();
                assertThat(blobs).hasSize(3);
                for (Path blob : blobs) {
                    assertThat(pulled.resolve("blobs/sha256/" + blob.getFileName()))
                            .hasSameBinaryContentAs(blob);
                }
            }
            if (format.equals("oci")) {
                // umoci (OCI media types only) unpacks our layout to the fixture's files
                Path bundle = work.resolve("bundle-" + format);
                Commands.run("umoci", "unpack", "--image", pulled + ":v1", bundle.toString());
                assertThat(bundle.resolve("rootfs/a.bin")).hasSize(300_000);
                assertThat(bundle.resolve("rootfs/b.bin")).hasSize(1000);
            }
        }
    }

    @Test
    void imagePushedByUsIsReadBackIdenticallyBySkopeo() throws Exception {
        Path layout = fixtures.layout("ours", "v1", List.of(new Layer("/x.bin", 200_000, 3)));
        String tag = "pushed";
        try (ImageSource source = ImageArchives.open(layout, Optional.of("v1"))) {
            ImageTransfer.PushResult result = ImageTransfer.push(
                    source, repo("ours/app"), List.of(tag, "also"), Optional.empty(), ProgressListener.NONE);
            assertThat(result.uploaded()).isEqualTo(2);
            String raw = ImageFixtures.inspectRaw(registry.get(), "ours/app:" + tag);
            assertThat(raw.getBytes(StandardCharsets.UTF_8))
                    .isEqualTo(source.root().bytes());
            assertThat(ImageFixtures.inspectRaw(registry.get(), "ours/app:also"))
                    .isEqualTo(raw);
        }
        // skopeo copies it back out (it verifies every blob on the way)
        ImageFixtures.skopeoCopy(
                "docker://" + registry.get().host() + "/ours/app:" + tag, "oci:" + work.resolve("back") + ":x");
        assertThat(work.resolve("back/index.json")).exists();

        // a second push uploads nothing: every blob exists already
        try (ImageSource source = ImageArchives.open(layout, Optional.of("v1"))) {
            ImageTransfer.PushResult again =
                    ImageTransfer.push(source, repo("ours/app"), List.of(tag), Optional.empty(), ProgressListener.NONE);
            assertThat(again.uploaded()).isZero();
            assertThat(again.existed()).isEqualTo(2);
        }
    }

    @Test
    void pushesOciArchiveAndDockerSaveArchivesMadeBySkopeo() throws Exception {
        Path layout = fixtures.layout(
                "arch", "v1", List.of(new Layer("/l1.bin", 50_000, 4), new Layer("/l2.bin", 60_000, 5)));
        Path ociArchive = work.resolve("image-oci.tar");
        Path dockerArchive = work.resolve("image-docker.tar");
        ImageFixtures.skopeoCopy("oci:" + layout + ":v1", "oci-archive:" + ociArchive + ":v1");
        ImageFixtures.skopeoCopy("oci:" + layout + ":v1", "docker-archive:" + dockerArchive + ":acme/app:v1");

        for (Path archive : List.of(ociArchive, dockerArchive)) {
            String repoName = "archives/" + archive.getFileName().toString().replace(".tar", "");
            try (ImageSource source = ImageArchives.open(archive, Optional.empty())) {
                assertThat(source.description()).endsWith(archive.toString());
                ImageTransfer.push(source, repo(repoName), List.of("v1"), Optional.empty(), ProgressListener.NONE);
            }
            JsonNode inspected = Json.MAPPER.readTree(Commands.run(
                    "skopeo",
                    "inspect",
                    "--tls-verify=false",
                    "docker://" + registry.get().host() + "/" + repoName + ":v1"));
            assertThat(inspected.path("Layers")).hasSize(2);
            Path unpacked = work.resolve("unpacked-" + archive.getFileName());
            ImageFixtures.skopeoCopy(
                    "docker://" + registry.get().host() + "/" + repoName + ":v1", "oci:" + unpacked + ":v1");
            Commands.run(
                    "umoci",
                    "unpack",
                    "--image",
                    unpacked + ":v1",
                    work.resolve("b-" + archive.getFileName()).toString());
            assertThat(work.resolve("b-" + archive.getFileName() + "/rootfs/l2.bin"))
                    .hasSize(60_000);
        }
    }

    @Test
    void multiPlatformIndexIsPulledAndPushedWhole() throws Exception {
        Path layout = fixtures.multiPlatform("multi", "both", 10);
        String digest = fixtures.pushAll(layout, "both", registry.get(), "multi/src", "both");

        Manifest index = repo("multi/src").fetchManifest("both").orElseThrow();
        assertThat(index.digest()).hasToString(digest);
        assertThat(index.isIndex()).isTrue();
        assertThat(index.asIndex().manifestsOrEmpty())
                .extracting(d -> d.platform().architecture())
                .containsExactly("amd64", "arm64");

        Path pulled = work.resolve("multi-pulled");
        ImageTransfer.PullResult result =
                ImageTransfer.pullToLayout(repo("multi/src"), "both", pulled, "both", ProgressListener.NONE);
        assertThat(result.blobsDownloaded()).isEqualTo(5); // 2 configs, the shared base once, 2 own layers

        try (ImageSource source = ImageArchives.open(pulled, Optional.of("both"))) {
            ImageTransfer.PushResult pushed = ImageTransfer.push(
                    source, repo("multi/copy"), List.of("both"), Optional.of("multi/src"), ProgressListener.NONE);
            assertThat(pushed.digest()).hasToString(digest);
            assertThat(pushed.mounted()).isEqualTo(5);
            assertThat(pushed.uploaded()).isZero();
        }
        ImageIndex copied = Json.read(
                ImageFixtures.inspectRaw(registry.get(), "multi/copy:both").getBytes(StandardCharsets.UTF_8),
                ImageIndex.class,
                "index");
        assertThat(copied.manifestsOrEmpty()).hasSize(2);
        ImageFixtures.skopeoCopy(
                "docker://" + registry.get().host() + "/multi/copy:both", "oci:" + work.resolve("mc") + ":x", "--all");
    }

    @Test
    void largeBlobsGoUpInChunks() throws Exception {
        RegistryClient chunky = RegistryClient.builder()
                .allowPlainHttp(true)
                .uploads(100_000, 64 * 1024)
                .build();
        Path layout = fixtures.layout("chunky", "v1", List.of(new Layer("/big.bin", 500_000, 20)));
        try (ImageSource source = ImageArchives.open(layout, Optional.empty())) {
            ImageTransfer.push(
                    source,
                    chunky.repository(ImageReference.parse(registry.get().host() + "/chunky/app")),
                    List.of("v1"),
                    Optional.empty(),
                    ProgressListener.NONE);
        }
        long patches = registry.get().requests().stream()
                .filter(r -> r.method().equals("PATCH") && r.path().startsWith("/v2/chunky/app/"))
                .count();
        assertThat(patches).isGreaterThanOrEqualTo(8);
        Commands.run(
                "umoci",
                "unpack",
                "--image",
                copyOut("chunky/app:v1") + ":v1",
                work.resolve("cb").toString());
        assertThat(work.resolve("cb/rootfs/big.bin")).hasSize(500_000);
    }

    private Path copyOut(String reference) {
        Path out = work.resolve("out-" + reference.replaceAll("[^a-z0-9]", "-"));
        ImageFixtures.skopeoCopy("docker://" + registry.get().host() + "/" + reference, "oci:" + out + ":v1");
        return out;
    }

    @Test
    void deleteByDigestRemovesEveryTagPointingAtIt() {
        Path layout = fixtures.layout("del", "v1", List.of(new Layer("/d.bin", 1000, 30)));
        String digest = fixtures.push(layout, "v1", registry.get(), "del/app", "feat-x-latest", "oci");
        fixtures.push(layout, "v1", registry.get(), "del/app", "master-latest", "oci");
        fixtures.push(
                fixtures.layout("other", "v1", List.of(new Layer("/o.bin", 1000, 31))),
                "v1",
                registry.get(),
                "del/app",
                "unrelated",
                "oci");
        RepositoryClient repo = repo("del/app");
        assertThat(repo.listTags()).containsExactlyInAnyOrder("feat-x-latest", "master-latest", "unrelated");

        // distribution 2.8 has no tag delete: it says so (400) and changes nothing
        assertThat(repo.supportsTagDelete()).isFalse();
        assertThat(repo.deleteTag("feat-x-latest")).isEqualTo(TagDeletion.UNSUPPORTED);
        assertThat(repo.listTags()).contains("feat-x-latest", "master-latest");

        // the trap the reaper must avoid: deleting feat-x's digest takes master-latest with it
        assertThat(repo.deleteManifest(Digest.parse(digest))).isTrue();
        assertThat(repo.listTags()).containsExactly("unrelated");
        assertThat(repo.resolve("master-latest")).isEmpty();
        assertThat(repo.deleteManifest(Digest.parse(digest))).isFalse();
    }

    @Test
    void missingThingsAreEmptyNotErrors() {
        RepositoryClient repo = repo("nothing/here");
        assertThat(repo.resolve("nope")).isEmpty();
        assertThat(repo.fetchManifest("nope")).isEmpty();
        assertThat(repo.blobSize(Digest.sha256(new byte[] {1}))).isEmpty();
        assertThatThrownBy(repo::listTags).isInstanceOfSatisfying(RegistryException.class, e -> {
            assertThat(e.status()).isEqualTo(404);
            assertThat(e.errorCode()).contains("NAME_UNKNOWN");
            assertThat(e)
                    .hasMessage("tried to list tags of " + registry.get().host()
                            + "/nothing/here: 404 not found: NAME_UNKNOWN: repository name not known to registry");
        });
    }

    @Test
    void unreachableRegistryIsAClearError() {
        RegistryClient fast = RegistryClient.builder()
                .allowPlainHttp(true)
                .retryPolicy(RetryPolicy.NONE)
                .build();
        RepositoryClient repo = fast.repository(ImageReference.parse("127.0.0.1:1/acme/app"));
        assertThatThrownBy(() -> repo.resolve("v1"))
                .isInstanceOf(RegistryException.class)
                .hasMessageStartingWith("tried to resolve 127.0.0.1:1/acme/app:v1: cannot connect to 127.0.0.1:1: ");
    }

    @Test
    void manifestPushedByUsIsTheSameDocumentEverywhere() {
        Path layout = fixtures.layout("man", "v1", List.of(new Layer("/m.bin", 1000, 40)));
        fixtures.push(layout, "v1", registry.get(), "man/app", "v1", "oci");
        RepositoryClient repo = repo("man/app");
        Manifest original = repo.fetchManifest("v1").orElseThrow();
        ImageManifest parsed = original.asImageManifest();
        Manifest annotated = Manifest.of(parsed.withAnnotations(Map.of("org.opencontainers.image.revision", "abc123")));
        Digest pushed = repo.pushManifest("annotated", annotated);
        assertThat(repo.resolve("annotated").orElseThrow().digest()).isEqualTo(pushed.toString());
        assertThat(ImageFixtures.inspectRaw(registry.get(), "man/app:annotated"))
                .contains("\"org.opencontainers.image.revision\":\"abc123\"");
    }
}
