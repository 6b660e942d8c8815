package dev.dockertag.resource;

import static dev.dockertag.resource.ResourceScripts.request;
import static dev.dockertag.resource.ResourceScripts.source;
import static dev.dockertag.resource.ResourceScripts.version;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dockertag.registry.BlobContent;
import dev.dockertag.registry.ImageReference;
import dev.dockertag.registry.ProgressListener;
import dev.dockertag.registry.RegistryClient;
import dev.dockertag.registry.RepositoryClient;
import dev.dockertag.registry.image.Descriptor;
import dev.dockertag.registry.image.Digest;
import dev.dockertag.registry.image.ImageManifest;
import dev.dockertag.registry.image.Manifest;
import dev.dockertag.registry.image.MediaTypes;
import dev.dockertag.testsupport.Commands;
import dev.dockertag.testsupport.ImageFixtures;
import dev.dockertag.testsupport.LocalRegistry;
import dev.dockertag.testsupport.LocalRegistryExtension;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The packaged in against the real registry, its output checked by umoci and skopeo. */
class InIT {

    @RegisterExtension
    static LocalRegistryExtension registryExtension = LocalRegistryExtension.anonymous();

    @TempDir
    static Path work;

    static ResourceScripts scripts;
    static Path layout;
    static String digest;

    /**
     * An image made with umoci the way a build makes one: a base layer with every kind of entry, then a layer that
     * deletes a file, replaces a directory, changes modes and adds a hard link.
     */
    @BeforeAll
    static void richImage() throws IOException {
        scripts = new ResourceScripts(work);
        layout = work.resolve("rich");
        Path bundle = work.resolve("bundle");
        Commands.run("umoci", "init", "--layout", layout.toString());
        Commands.run("umoci", "new", "--image", layout + ":base");
        Commands.run("umoci", "unpack", "--image", layout + ":base", bundle.toString());
        Path rootfs = bundle.resolve("rootfs");
        Files.createDirectories(rootfs.resolve("usr/bin"));
        Files.createDirectories(rootfs.resolve("etc/app/conf.d"));
        Files.createDirectories(rootfs.resolve("var/cache/old"));
        Files.writeString(rootfs.resolve("usr/bin/tool"), "#!/bin/sh\necho tool\n");
        Files.setAttribute(rootfs.resolve("usr/bin/tool"), "unix:mode", 04755);
        Files.writeString(rootfs.resolve("etc/app/app.conf"), "debug=false\n");
        Files.writeString(rootfs.resolve("etc/app/conf.d/old.conf"), "old\n");
        Files.writeString(rootfs.resolve("etc/secret"), "s3cret\n");
        Files.setAttribute(rootfs.resolve("etc/secret"), "unix:mode", 0600);
        Files.setAttribute(rootfs.resolve("etc/secret"), "unix:uid", 1000);
        Files.setAttribute(rootfs.resolve("etc/secret"), "unix:gid", 1001);
        Files.writeString(rootfs.resolve("var/cache/old/blob"), "cached\n");
        Files.createSymbolicLink(rootfs.resolve("bin"), Path.of("usr/bin"));
        Files.createSymbolicLink(rootfs.resolve("etc/app/current"), Path.of("/etc/app/app.conf"));
        Files.createDirectories(rootfs.resolve("private"));
        Files.setAttribute(rootfs.resolve("private"), "unix:mode", 0700);
        Commands.run("umoci", "repack", "--refresh-bundle", "--image", layout + ":v1", bundle.toString());

        Files.delete(rootfs.resolve("etc/secret"));
        Commands.run("rm", "-rf", rootfs.resolve("etc/app/conf.d").toString());
        Files.createDirectories(rootfs.resolve("etc/app/conf.d"));
        Files.writeString(rootfs.resolve("etc/app/conf.d/new.conf"), "new\n");
        Files.writeString(rootfs.resolve("etc/app/app.conf"), "debug=true\n");
        Files.setAttribute(rootfs.resolve("etc/app/app.conf"), "unix:mode", 0640);
        Files.createLink(rootfs.resolve("usr/bin/tool-alias"), rootfs.resolve("usr/bin/tool"));
        Commands.run("rm", "-rf", rootfs.resolve("var/cache").toString());
        Commands.run("umoci", "repack", "--image", layout + ":v2", bundle.toString());
        Commands.run(
                "umoci",
                "config",
                "--image",
                layout + ":v2",
                "--config.env",
                "APP_MODE=ci",
                "--config.user",
                "1000:1000",
                "--config.entrypoint",
                "/usr/bin/tool",
                "--config.cmd",
                "--verbose",
                "--config.label",
                "org.example.team=build",
                "--manifest.annotation",
                "org.opencontainers.image.source=https://git.example.com/rich");
        digest = new ImageFixtures(work).push(layout, "v2", registryExtension.get(), "rich/app", "main-latest", "oci");
    }

    private Map<String, Object> getRequest(
            LocalRegistry registry,
            String repository,
            String tag,
            String d,
            Map<String, ?> params,
            Object... sourceKeys) {
        Object[] keys = new Object[sourceKeys.length + 2];
        keys[0] = "tag";
        keys[1] = tag;
        System.arraycopy(sourceKeys, 0, keys, 2, sourceKeys.length);
        return params == null
                ? request("source", source(registry, repository, keys), "version", version(tag, d))
                : request("source", source(registry, repository, keys), "version", version(tag, d), "params", params);
    }

    @Test
    void aZstdCompressedImageUnpacksToTheTreeUmociUnpacks(LocalRegistry registry) throws Exception {
        Path zstdLayout = ZstdLayouts.copy(layout, "v2", work.resolve("zstd-layout"));
        String zstdDigest = new ImageFixtures(work).push(zstdLayout, "v2", registry, "zstd/app", "main-latest", "oci");
        Path expected = work.resolve("umoci-unpacked-for-zstd");
        Commands.run("umoci", "unpack", "--image", layout + ":v2", expected.toString());
        Path destination = Files.createDirectories(work.resolve("get-zstd"));

        ResourceScripts.Run run = scripts.run(
                        "in", getRequest(registry, "zstd/app", "main-latest", zstdDigest, null), destination.toString())
                .requireSuccess();

        assertThat(ImageFixtures.inspectRaw(registry, "zstd/app:main-latest"))
                .contains("application/vnd.oci.image.layer.v1.tar+zstd")
                .doesNotContain("tar+gzip");
        assertThat(TreeSnapshot.of(destination.resolve("rootfs")))
                .isEqualTo(TreeSnapshot.of(expected.resolve("rootfs")));
        assertThat(run.stderr()).doesNotContain("WARNING");
    }

    @Test
    void labelsAndAnnotationsAreShownAsMetadataAndTheRegexesPickWhich(LocalRegistry registry) throws IOException {
        Path all = Files.createDirectories(work.resolve("meta-all"));
        Path some = Files.createDirectories(work.resolve("meta-some"));

        ResourceScripts.Run every = scripts.run(
                        "in",
                        getRequest(registry, "rich/app", "main-latest", digest, Map.of("format", "oci")),
                        all.toString())
                .requireSuccess();
        ResourceScripts.Run picked = scripts.run(
                        "in",
                        getRequest(
                                registry,
                                "rich/app",
                                "main-latest",
                                digest,
                                Map.of("format", "oci"),
                                "label_regex",
                                "^com\\.",
                                "annotation_regex",
                                "image\\.source$"),
                        some.toString())
                .requireSuccess();

        assertThat(every.json().get("metadata").toString())
                .contains(
                        "{\"name\":\"org.opencontainers.image.source\",\"value\":\"https://git.example.com/rich\"}",
                        "{\"name\":\"org.example.team\",\"value\":\"build\"}");
        assertThat(picked.json().get("metadata").toString())
                .contains("{\"name\":\"org.opencontainers.image.source\",\"value\":\"https://git.example.com/rich\"}")
                .doesNotContain("org.example.team");
    }

    @Test
    void rootfsIsTheTreeUmociUnpacks(LocalRegistry registry) throws IOException {
        Path expected = work.resolve("umoci-unpacked");
        Commands.run("umoci", "unpack", "--image", layout + ":v2", expected.toString());
        Path destination = Files.createDirectories(work.resolve("get-rootfs"));

        ResourceScripts.Run run = scripts.run(
                        "in", getRequest(registry, "rich/app", "main-latest", digest, null), destination.toString())
                .requireSuccess();

        assertThat(TreeSnapshot.of(destination.resolve("rootfs")))
                .isEqualTo(TreeSnapshot.of(expected.resolve("rootfs")))
                .contains("usr/bin/tool file 4755 0:0 "
                        + TreeSnapshot.of(expected.resolve("rootfs")).stream()
                                .filter(l -> l.startsWith("usr/bin/tool file"))
                                .findFirst()
                                .orElseThrow()
                                .split(" ")[4])
                .noneMatch(l -> l.startsWith("etc/secret") || l.startsWith("var/cache") || l.contains("old.conf"));
        assertThat(run.json().get("version")).hasToString("{\"tag\":\"main-latest\",\"digest\":\"" + digest + "\"}");
        assertThat(destination.resolve("digest")).hasContent(digest);
        assertThat(destination.resolve("tag")).hasContent("main-latest");
        assertThat(destination.resolve("repository")).hasContent(registry.host() + "/rich/app");
        JsonNode metadata = ResourceScripts.JSON.readTree(
                destination.resolve("metadata.json").toFile());
        assertThat(metadata.get("user").asText()).isEqualTo("1000:1000");
        assertThat(metadata.get("entrypoint")).hasToString("[\"/usr/bin/tool\"]");
        assertThat(metadata.get("cmd")).hasToString("[\"--verbose\"]");
        assertThat(metadata.get("env").toString()).contains("APP_MODE=ci");
        assertThat(destination.resolve("labels.json")).hasContent("{\"org.example.team\":\"build\"}");
        assertThat(run.stderr()).contains("unpacked 2 layer(s) into rootfs/");
        assertThat(destination)
                .isDirectoryNotContaining(p -> p.getFileName().toString().startsWith("."));
    }

    @Test
    void ociLayoutFormatIsReadableBySkopeoWithTheSameManifest(LocalRegistry registry) {
        Path destination = work.resolve("get-oci-layout");

        scripts.run(
                        "in",
                        getRequest(registry, "rich/app", "main-latest", digest, Map.of("format", "oci-layout")),
                        mkdirs(destination).toString())
                .requireSuccess();

        String fromLayout =
                Commands.run("skopeo", "inspect", "--raw", "oci:" + destination.resolve("oci") + ":main-latest");
        assertThat(Digest.sha256(fromLayout.getBytes(StandardCharsets.UTF_8)).toString())
                .isEqualTo(digest);
        assertThat(destination.resolve("oci/single-image-digest")).hasContent(digest);
        assertThat(destination.resolve("rootfs")).doesNotExist();
    }

    @Test
    void ociFormatIsADockerArchiveSkopeoCanRead(LocalRegistry registry) throws IOException {
        Path destination = work.resolve("get-oci");

        scripts.run(
                        "in",
                        getRequest(registry, "rich/app", "main-latest", digest, Map.of("format", "oci")),
                        mkdirs(destination).toString())
                .requireSuccess();

        JsonNode inspected = ResourceScripts.JSON.readTree(
                Commands.run("skopeo", "inspect", "docker-archive:" + destination.resolve("image.tar")));
        assertThat(inspected.get("Layers")).hasSize(2);
        assertThat(inspected.get("Env").toString()).contains("APP_MODE=ci");
        Path unpacked = work.resolve("from-archive");
        ImageFixtures.skopeoCopy("docker-archive:" + destination.resolve("image.tar"), "oci:" + unpacked + ":x");
        Commands.run(
                "umoci",
                "unpack",
                "--image",
                unpacked + ":x",
                work.resolve("from-archive-bundle").toString());
        Path expected = work.resolve("umoci-unpacked-2");
        Commands.run("umoci", "unpack", "--image", layout + ":v2", expected.toString());
        assertThat(TreeSnapshot.of(work.resolve("from-archive-bundle/rootfs")))
                .isEqualTo(TreeSnapshot.of(expected.resolve("rootfs")));
    }

    @Test
    void skipDownloadWritesOnlyTheReferenceFiles(LocalRegistry registry) throws IOException {
        Path destination = mkdirs(work.resolve("get-skip"));

        scripts.run(
                        "in",
                        getRequest(registry, "rich/app", "main-latest", digest, Map.of("skip_download", true)),
                        destination.toString())
                .requireSuccess();

        try (var files = Files.list(destination)) {
            assertThat(files.map(p -> p.getFileName().toString()).sorted())
                    .containsExactly("digest", "repository", "tag");
        }
    }

    @Test
    void picksThePlatformFromAMultiPlatformIndex(LocalRegistry registry) {
        ImageFixtures fixtures = new ImageFixtures(work);
        Path multi = fixtures.multiPlatform("multi", "both", 40);
        String index = fixtures.pushAll(multi, "both", registry, "multi/app", "main-latest");
        Path amd = mkdirs(work.resolve("get-amd64"));
        Path arm = mkdirs(work.resolve("get-arm64"));

        scripts.run("in", getRequest(registry, "multi/app", "main-latest", index, null), amd.toString())
                .requireSuccess();
        ResourceScripts.Run armRun = scripts.run(
                        "in",
                        getRequest(
                                registry,
                                "multi/app",
                                "main-latest",
                                index,
                                null,
                                "platform",
                                Map.of("architecture", "arm64")),
                        arm.toString())
                .requireSuccess();

        assertThat(amd.resolve("rootfs/amd64.bin")).exists();
        assertThat(amd.resolve("rootfs/arm64.bin")).doesNotExist();
        assertThat(arm.resolve("rootfs/arm64.bin")).exists();
        assertThat(arm.resolve("digest")).hasContent(index);
        assertThat(armRun.stderr()).contains("picked the linux/arm64 image");

        ResourceScripts.Run none = scripts.run(
                "in",
                getRequest(
                        registry, "multi/app", "main-latest", index, null, "platform", Map.of("architecture", "s390x")),
                mkdirs(work.resolve("get-s390x")).toString());
        assertThat(none.exitCode()).isEqualTo(1);
        assertThat(none.stderr())
                .contains(
                        "has no image for linux/s390x; it has [linux/amd64, linux/arm64]",
                        "hint: set source.platform to one of those");
    }

    @Test
    void aLayerThatWritesOutsideIsRefusedAndTheDestinationStaysEmpty(LocalRegistry registry) throws IOException {
        String evil = pushHandMadeImage(registry, "evil/app", "../escaped-file");
        Path destination = mkdirs(work.resolve("evil/get"));

        ResourceScripts.Run run =
                scripts.run("in", getRequest(registry, "evil/app", "main-latest", evil, null), destination.toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.stdout()).isEmpty();
        assertThat(run.stderr())
                .contains(
                        "error: layer 1/1 (sha256:",
                        "entry '../escaped-file' contains '..';" + " refusing to write outside the destination");
        assertThat(destination).isEmptyDirectory();
        assertThat(work.resolve("evil/escaped-file")).doesNotExist();
    }

    @Test
    void anEntryBelowAFileNamesTheLayerTheEntryAndTheReason(LocalRegistry registry) throws IOException {
        String image = pushHandMadeImage(registry, "file-then-dir/app", tar -> {
            writeFile(tar, "f");
            writeFile(tar, "f/x");
        });
        Path destination = mkdirs(work.resolve("file-then-dir/get"));

        ResourceScripts.Run run = scripts.run(
                "in", getRequest(registry, "file-then-dir/app", "main-latest", image, null), destination.toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.stderr())
                .containsPattern("(?m)^error: layer 1/1 \\(sha256:[0-9a-f]{64}\\): entry 'f/x' lies under"
                        + " '/f', which is not a directory in the image$");
        assertThat(destination).isEmptyDirectory();
    }

    @Test
    void aHardLinkToAnAbsolutePathIsReportedAsSuch(LocalRegistry registry) throws IOException {
        String image = pushHandMadeImage(registry, "absolute-link/app", tar -> {
            writeFile(tar, "etc/passwd");
            TarArchiveEntry link = new TarArchiveEntry("lnk", TarArchiveEntry.LF_LINK);
            link.setLinkName("/etc/passwd");
            tar.putArchiveEntry(link);
            tar.closeArchiveEntry();
        });
        Path destination = mkdirs(work.resolve("absolute-link/get"));

        ResourceScripts.Run run = scripts.run(
                "in", getRequest(registry, "absolute-link/app", "main-latest", image, null), destination.toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.stderr())
                .containsPattern(
                        "(?m)^error: layer 1/1 \\(sha256:[0-9a-f]{64}\\): hard link 'lnk' points at"
                                + " the absolute path '/etc/passwd'; a hard link names a file of the layer by a relative path$");
        assertThat(destination).isEmptyDirectory();
    }

    @Test
    void aDigestThatIsGoneIsAClearErrorAndLeavesNothing(LocalRegistry registry) {
        Path destination = mkdirs(work.resolve("get-gone"));
        String gone = "sha256:" + "0".repeat(64);

        ResourceScripts.Run run =
                scripts.run("in", getRequest(registry, "rich/app", "main-latest", gone, null), destination.toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.stderr())
                .contains("error: " + registry.host() + "/rich/app@" + gone
                        + " (tag main-latest) is no longer in the registry");
        assertThat(destination).isEmptyDirectory();
    }

    @Test
    void missingDestinationArgumentIsAnError(LocalRegistry registry) {
        ResourceScripts.Run run = scripts.run("in", getRequest(registry, "rich/app", "main-latest", digest, null));

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.stderr())
                .isEqualTo(
                        "error: destination directory not given: Concourse runs" + " 'in <destination directory>'\n");
    }

    /** An image whose only layer holds one file entry with the given name, pushed with our own client. */
    static String pushHandMadeImage(LocalRegistry registry, String repository, String entryName) throws IOException {
        return pushHandMadeImage(registry, repository, tar -> writeFile(tar, entryName));
    }

    private static void writeFile(TarArchiveOutputStream tar, String name) throws IOException {
        TarArchiveEntry entry = new TarArchiveEntry(name, true);
        byte[] content = "pwned\n".getBytes(StandardCharsets.UTF_8);
        entry.setSize(content.length);
        tar.putArchiveEntry(entry);
        tar.write(content);
        tar.closeArchiveEntry();
    }

    @FunctionalInterface
    interface LayerWriter {
        void write(TarArchiveOutputStream tar) throws IOException;
    }

    /** An image of one layer that {@code entries} writes, pushed with our own client. */
    static String pushHandMadeImage(LocalRegistry registry, String repository, LayerWriter entries) throws IOException {
        ByteArrayOutputStream tarBytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(tarBytes)) {
            entries.write(tar);
        }
        byte[] layer = tarBytes.toByteArray();
        Digest layerDigest = Digest.sha256(layer);
        byte[] config = ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\","
                        + "\"diff_ids\":[\"" + layerDigest + "\"]},\"config\":{}}")
                .getBytes(StandardCharsets.UTF_8);
        RepositoryClient repo = RegistryClient.builder()
                .allowPlainHttp(true)
                .build()
                .repository(ImageReference.parse(registry.host() + "/" + repository));
        repo.pushBlob(layerDigest, BlobContent.of(layer), Optional.empty(), ProgressListener.NONE);
        repo.pushBlob(Digest.sha256(config), BlobContent.of(config), Optional.empty(), ProgressListener.NONE);
        Manifest manifest = Manifest.of(new ImageManifest(
                2,
                MediaTypes.OCI_MANIFEST,
                null,
                Descriptor.of(MediaTypes.OCI_CONFIG, Digest.sha256(config), config.length),
                List.of(Descriptor.of(MediaTypes.OCI_LAYER, layerDigest, layer.length)),
                null,
                null));
        return repo.pushManifest("main-latest", manifest).toString();
    }

    private static Path mkdirs(Path dir) {
        try {
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
