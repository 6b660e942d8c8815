package dev.dockertag.resource.get;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dockertag.failures.HintedException;
import dev.dockertag.registry.ByteSizes;
import dev.dockertag.registry.ParallelDownloads;
import dev.dockertag.registry.RepositoryClient;
import dev.dockertag.registry.archive.DockerArchiveWriter;
import dev.dockertag.registry.archive.ImageTransfer;
import dev.dockertag.registry.image.Descriptor;
import dev.dockertag.registry.image.Digest;
import dev.dockertag.registry.image.ImageAnnotations;
import dev.dockertag.registry.image.ImageConfig;
import dev.dockertag.registry.image.ImageManifest;
import dev.dockertag.registry.image.Json;
import dev.dockertag.registry.image.Manifest;
import dev.dockertag.registry.image.Platform;
import dev.dockertag.registry.rootfs.LayerApplier;
import dev.dockertag.resource.protocol.MetadataField;
import dev.dockertag.resource.protocol.Version;
import dev.dockertag.resource.script.FileTrees;
import dev.dockertag.resource.script.Lifetime;
import dev.dockertag.resource.script.Log;
import dev.dockertag.resource.script.TransferProgress;
import dev.dockertag.resource.source.Settings;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The work of {@code in}: pulls the version by digest and writes it in the requested format. All output is built in a
 * hidden staging directory inside the destination and moved into place only when complete, so a failure leaves the
 * destination as it was.
 */
public final class ImageGetter {

    /** Layers downloaded at once while earlier ones are unpacked. */
    static final int PARALLEL_DOWNLOADS = 3;

    private final RepositoryClient repo;
    private final String repositoryName;
    private final Platform platform;
    private final Log log;
    private final Lifetime lifetime;
    private final Settings.MetadataKeys shown;

    public ImageGetter(
            RepositoryClient repo,
            String repositoryName,
            Platform platform,
            Log log,
            Lifetime lifetime,
            Settings.MetadataKeys shown) {
        this.repo = repo;
        this.repositoryName = repositoryName;
        this.platform = platform;
        this.log = log;
        this.lifetime = lifetime;
        this.shown = shown;
    }

    /** Longer values are cut here: Concourse keeps metadata with every version. */
    static final int MAX_METADATA_VALUE = 1024;

    /** What was fetched, for the response. */
    public record Fetched(Version version, List<MetadataField> metadata) {}

    public Fetched get(Version version, Format format, boolean skipDownload, Path destination) throws IOException {
        Digest digest = digestOf(version);
        Files.createDirectories(destination);
        Path staging = Files.createTempDirectory(destination, ".resource-in-");
        lifetime.stage(staging);
        try {
            Manifest root = repo.fetchManifest(digest.toString())
                    .orElseThrow(() -> new HintedException(
                            repositoryName + "@" + digest + " (tag " + version.tag() + ") is no longer in the registry",
                            "it was deleted or garbage-collected; a newer version of the resource may exist"));
            Manifest image = platformImage(root);
            ImageManifest manifest = image.asImageManifest();
            Map<String, String> annotations =
                    new HashMap<>(root.isIndex() ? root.asIndex().annotationsOrEmpty() : Map.of());
            annotations.putAll(manifest.annotationsOrEmpty());
            Optional<ImageConfig> config = skipDownload ? Optional.empty() : Optional.of(readConfig(manifest));
            Map<String, String> labels = config.map(ImageConfig::labelsOrEmpty).orElse(Map.of());
            Optional<String> commit =
                    ImageAnnotations.revision(annotations).or(() -> ImageAnnotations.revision(labels));
            Optional<String> branch = ImageAnnotations.branch(annotations).or(() -> ImageAnnotations.branch(labels));

            write(staging.resolve("repository"), repositoryName);
            write(staging.resolve("tag"), version.tag());
            write(staging.resolve("digest"), digest.toString());
            if (commit.isPresent()) {
                write(staging.resolve("commit"), commit.get());
            }
            if (branch.isPresent()) {
                write(staging.resolve("branch"), branch.get());
            }
            if (skipDownload) {
                log.info("skip_download: wrote the repository, tag and digest of " + repositoryName + "@" + digest);
            } else {
                switch (format) {
                    case ROOTFS -> {
                        unpack(manifest, staging);
                        writeJson(staging.resolve("metadata.json"), runMetadata(config.get()));
                        writeJson(staging.resolve("labels.json"), labels);
                    }
                    case OCI -> {
                        writeDockerArchive(manifest, staging.resolve("image.tar"), version.tag());
                        writeJson(staging.resolve("labels.json"), labels);
                    }
                    case OCI_LAYOUT -> {
                        log.info("fetching " + repositoryName + "@" + digest + " into an OCI layout (every platform)");
                        ImageTransfer.PullResult pulled = ImageTransfer.pullToLayout(
                                repo,
                                digest.toString(),
                                staging.resolve("oci"),
                                version.tag(),
                                new TransferProgress(log, "downloaded", 0));
                        if (!root.isIndex()) {
                            write(staging.resolve("oci").resolve("single-image-digest"), digest.toString());
                        }
                        log.info("wrote oci/: " + pulled.blobsDownloaded() + " blobs, "
                                + ByteSizes.of(pulled.bytesDownloaded()));
                    }
                }
            }
            publish(staging, destination);
            List<MetadataField> metadata = new ArrayList<>();
            metadata.add(new MetadataField("repository", repositoryName));
            metadata.add(new MetadataField("tag", version.tag()));
            metadata.add(new MetadataField("digest", digest.toString()));
            commit.ifPresent(c -> metadata.add(new MetadataField("commit", c)));
            branch.ifPresent(b -> metadata.add(new MetadataField("branch", b)));
            config.map(ImageConfig::created).ifPresent(c -> metadata.add(new MetadataField("created", c)));
            new TreeMap<>(annotations).forEach((key, value) -> {
                if (shown.showsAnnotation(key)) {
                    metadata.add(field(key, value));
                }
            });
            new TreeMap<>(labels).forEach((key, value) -> {
                if (shown.showsLabel(key) && !(annotations.containsKey(key) && value.equals(annotations.get(key)))) {
                    metadata.add(field(key, value));
                }
            });
            return new Fetched(version, metadata);
        } finally {
            FileTrees.delete(staging);
            lifetime.unstage(staging);
        }
    }

    private static MetadataField field(String name, String value) {
        return new MetadataField(
                name, value.length() > MAX_METADATA_VALUE ? value.substring(0, MAX_METADATA_VALUE) + "..." : value);
    }

    private static Digest digestOf(Version version) {
        if (version == null || version.digest() == null) {
            throw new HintedException("version.digest is required: in fetches exactly the version check found");
        }
        try {
            return Digest.parse(version.digest());
        } catch (IllegalArgumentException e) {
            throw new HintedException("version.digest: " + e.getMessage());
        }
    }

    /** The image for the platform when the root is an index, else the root itself. */
    private Manifest platformImage(Manifest root) {
        if (!root.isIndex()) {
            return root;
        }
        Descriptor child = Platform.select(root.asIndex(), platform)
                .orElseThrow(() -> new HintedException(
                        repositoryName + "@" + root.digest() + " has no image for " + platform + "; it has "
                                + root.asIndex().manifestsOrEmpty().stream()
                                        .map(d -> d.platform() == null
                                                ? "(no platform)"
                                                : d.platform().toString())
                                        .toList(),
                        "set source.platform to one of those"));
        log.info("picked the " + platform + " image " + child.digest() + " of the index " + root.digest());
        return repo.fetchManifest(child.digest())
                .orElseThrow(() -> new HintedException("the index " + root.digest() + " names " + child.digest()
                        + ", which the registry does not have"));
    }

    private ImageConfig readConfig(ImageManifest manifest) throws IOException {
        Descriptor config = manifest.config();
        try (InputStream in = repo.openBlob(config.parsedDigest(), config.size())) {
            return ImageConfig.parse(in.readAllBytes());
        }
    }

    private void unpack(ImageManifest manifest, Path staging) throws IOException {
        List<Descriptor> layers = manifest.layersOrEmpty();
        long total = layers.stream().mapToLong(Descriptor::size).sum();
        log.info("fetching " + layers.size() + " layer(s), " + ByteSizes.of(total) + ", into rootfs/");
        Path scratch = Files.createDirectory(staging.resolve(".layers"));
        LayerApplier applier = new LayerApplier(staging.resolve("rootfs"), LayerApplier.runningAsRoot());
        Map<String, Integer> lastUse = new HashMap<>();
        for (int i = 0; i < layers.size(); i++) {
            lastUse.put(layers.get(i).digest(), i);
        }
        try (ParallelDownloads downloads = new ParallelDownloads(
                repo, scratch, PARALLEL_DOWNLOADS, new TransferProgress(log, "downloaded", total))) {
            layers.forEach(downloads::start);
            for (int i = 0; i < layers.size(); i++) {
                Descriptor layer = layers.get(i);
                Path file = downloads.await(layer);
                String name = "layer " + (i + 1) + "/" + layers.size() + " (" + layer.digest() + ")";
                LayerApplier.Applied applied;
                try (InputStream in = Files.newInputStream(file)) {
                    applied = applier.apply(in, name);
                }
                log.debug(name + ": " + applied.entries() + " entries, " + applied.whiteouts() + " whiteouts, "
                        + applied.skippedDevices() + " device nodes skipped");
                if (lastUse.get(layer.digest()) == i) {
                    downloads.release(file);
                }
            }
        }
        Files.deleteIfExists(scratch);
        log.info("unpacked " + layers.size() + " layer(s) into rootfs/");
    }

    private void writeDockerArchive(ImageManifest manifest, Path target, String tag) throws IOException {
        List<Descriptor> blobs = new ArrayList<>();
        blobs.add(manifest.config());
        blobs.addAll(manifest.layersOrEmpty());
        long total = blobs.stream().mapToLong(Descriptor::size).sum();
        log.info("fetching " + blobs.size() + " blob(s), " + ByteSizes.of(total) + ", into image.tar");
        Path scratch = Files.createDirectory(target.resolveSibling(".blobs"));
        try (ParallelDownloads downloads = new ParallelDownloads(
                repo, scratch, PARALLEL_DOWNLOADS, new TransferProgress(log, "downloaded", total))) {
            blobs.forEach(downloads::start);
            DockerArchiveWriter.BlobFile config =
                    new DockerArchiveWriter.BlobFile(manifest.config(), downloads.await(manifest.config()));
            List<DockerArchiveWriter.BlobFile> layers = new ArrayList<>();
            for (Descriptor layer : manifest.layersOrEmpty()) {
                layers.add(new DockerArchiveWriter.BlobFile(layer, downloads.await(layer)));
            }
            DockerArchiveWriter.write(target, repositoryName + ":" + tag, config, layers);
        }
        Files.deleteIfExists(scratch);
    }

    /**
     * What Concourse reads to run a task in the rootfs, as registry-image-resource writes it: a list the image does not
     * set is {@code null}, the user an empty string.
     */
    private static ObjectNode runMetadata(ImageConfig config) {
        ImageConfig.Runtime runtime = config.runtime();
        ObjectNode metadata = Json.MAPPER.createObjectNode();
        metadata.set("env", list(runtime.env()));
        metadata.put("user", runtime.user() == null ? "" : runtime.user());
        metadata.set("cmd", list(runtime.cmd()));
        metadata.set("entrypoint", list(runtime.entrypoint()));
        return metadata;
    }

    private static JsonNode list(List<String> values) {
        return values == null ? NullNode.instance : Json.MAPPER.valueToTree(values);
    }

    private static void write(Path file, String content) throws IOException {
        Files.writeString(file, content);
    }

    private static void writeJson(Path file, Object value) throws IOException {
        Files.write(file, Json.write(value));
    }

    /** Moves the finished output into the destination, one entry at a time (all on one filesystem). */
    private static void publish(Path staging, Path destination) throws IOException {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(staging)) {
            for (Path entry : entries) {
                Path target = destination.resolve(entry.getFileName().toString());
                if (Files.isDirectory(entry)) {
                    Files.move(entry, target, StandardCopyOption.ATOMIC_MOVE);
                } else {
                    Files.move(entry, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                }
            }
        }
    }
}
