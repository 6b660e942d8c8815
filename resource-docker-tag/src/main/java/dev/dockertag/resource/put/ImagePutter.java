package dev.dockertag.resource.put;

import dev.dockertag.failures.HintedException;
import dev.dockertag.registry.ByteSizes;
import dev.dockertag.registry.ImageReference;
import dev.dockertag.registry.RegistryException;
import dev.dockertag.registry.RepositoryClient;
import dev.dockertag.registry.archive.ImageArchives;
import dev.dockertag.registry.archive.ImageSource;
import dev.dockertag.registry.archive.ImageTransfer;
import dev.dockertag.registry.image.Descriptor;
import dev.dockertag.registry.image.Digest;
import dev.dockertag.registry.image.ImageAnnotations;
import dev.dockertag.registry.image.ImageManifest;
import dev.dockertag.registry.image.Manifest;
import dev.dockertag.registry.image.MediaTypes;
import dev.dockertag.resource.protocol.MetadataField;
import dev.dockertag.resource.protocol.OutRequest;
import dev.dockertag.resource.protocol.Version;
import dev.dockertag.resource.script.Log;
import dev.dockertag.resource.script.TransferProgress;
import dev.dockertag.resource.source.Settings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The work of {@code out}: pushes a built image once and points every tag at it, or promotes an image already in the
 * repository by adding tags (no blob is sent). The printed version is {@code {tag: <tracked tag>, digest}}, exactly
 * what a later check reports.
 */
public final class ImagePutter {

    private final RepositoryClient repo;
    private final Settings settings;
    private final Log log;

    public ImagePutter(RepositoryClient repo, Settings settings, Log log) {
        this.repo = repo;
        this.settings = settings;
        this.log = log;
    }

    /** What was pushed, for the response. */
    public record Pushed(Version version, List<MetadataField> metadata) {}

    public Pushed put(OutRequest.Params params, Path sources) throws IOException {
        if ((params.image() == null) == (params.promote() == null)) {
            throw new HintedException(
                    params.image() == null
                            ? "params.image or params.promote is required"
                            : "params.image and params.promote are exclusive; set only one",
                    "params.image pushes what a task built; params.promote re-tags an image already pushed");
        }
        PushTags tags = PushTags.of(settings, params, sources, this::existingTags);
        Digest digest = params.image() != null
                ? push(SourceGlob.single(sources, params.image(), "params.image"), tags)
                : promote(promotedReference(sources, params.promote()), tags);
        List<MetadataField> metadata = new ArrayList<>();
        metadata.add(new MetadataField("repository", settings.source().repository()));
        metadata.add(new MetadataField("tags", String.join(" ", tags.tags())));
        metadata.add(new MetadataField("digest", digest.toString()));
        tags.commit().ifPresent(c -> metadata.add(new MetadataField("commit", c)));
        settings.branch().ifPresent(b -> metadata.add(new MetadataField("branch", b)));
        return new Pushed(new Version(tags.versionTag(), digest.toString()), metadata);
    }

    /** The repository's tags, none when it does not exist yet (its first push). */
    private List<String> existingTags() {
        try {
            return repo.listTags();
        } catch (RegistryException e) {
            if (e.kind() == RegistryException.Kind.NOT_FOUND) {
                return List.of();
            }
            throw e;
        }
    }

    private Digest push(Path path, PushTags tags) throws IOException {
        ImageSource source;
        try {
            source = ImageArchives.open(path, Optional.empty());
        } catch (IllegalArgumentException e) {
            throw new HintedException(
                    "params.image: " + e.getMessage(),
                    "give a docker save tar, an oci-archive tar or an OCI layout directory");
        }
        try (source) {
            ImageSource image = source;
            List<Descriptor> uncompressed = source.uncompressedLayers();
            AtomicInteger early = new AtomicInteger();
            AtomicLong earlyBytes = new AtomicLong();
            if (!uncompressed.isEmpty()) {
                long bytes = uncompressed.stream().mapToLong(Descriptor::size).sum();
                log.info("compressing " + uncompressed.size() + " uncompressed layer(s) of " + source.description()
                        + " (" + ByteSizes.of(bytes) + ") with gzip while uploading them, as docker push does");
                image = source.withGzippedLayers(
                        gzip -> {
                            Descriptor stored = repo.pushStreamed(MediaTypes.OCI_LAYER_GZIP, gzip);
                            early.incrementAndGet();
                            earlyBytes.addAndGet(stored.size());
                            return stored;
                        },
                        ImageTransfer.UPLOADS_AT_ONCE,
                        new TransferProgress(log, "compressed and uploaded", bytes));
            }
            Map<String, String> annotations = new LinkedHashMap<>();
            tags.commit().ifPresent(c -> annotations.put(ImageAnnotations.REVISION, c));
            settings.branch().ifPresent(b -> annotations.put(ImageAnnotations.BRANCH, b));
            Manifest root = ImageAnnotations.annotate(image.root(), annotations);
            long total = totalBytes(image, root) - earlyBytes.get();
            log.info("pushing " + image.description() + " (" + ByteSizes.of(total) + ") to " + settings.repository()
                    + " as " + String.join(", ", tags.tags()));
            ImageTransfer.PushResult result = ImageTransfer.push(
                    image.withRoot(root),
                    repo,
                    tags.tags(),
                    Optional.empty(),
                    new TransferProgress(log, "uploaded", total));
            log.info("pushed " + root.digest() + ": " + (result.uploaded() + early.get()) + " blob(s) uploaded ("
                    + ByteSizes.of(result.bytesUploaded() + earlyBytes.get()) + "), "
                    + (result.existed() - early.get()) + " already in the registry");
            return result.digest();
        }
    }

    private static long totalBytes(ImageSource source, Manifest root) {
        List<Manifest> images = new ArrayList<>();
        if (root.isIndex()) {
            root.asIndex().manifestsOrEmpty().forEach(d -> images.add(source.manifest(d)));
        } else {
            images.add(root);
        }
        long total = 0;
        for (Manifest image : images) {
            ImageManifest m = image.asImageManifest();
            total += m.config().size()
                    + m.layersOrEmpty().stream().mapToLong(Descriptor::size).sum();
        }
        return total;
    }

    /**
     * Re-tags an image of this repository: the manifest bytes are put under each tag unchanged, so the digest stays the
     * one that was tested, and no blob is read or sent.
     */
    private Digest promote(String reference, PushTags tags) {
        Manifest manifest = repo.fetchManifest(reference)
                .orElseThrow(() -> new HintedException(
                        "params.promote: " + settings.repository() + (Digest.isDigest(reference) ? "@" : ":")
                                + reference + " does not exist",
                        "promote re-tags an image already pushed to this repository"));
        log.info("promoting " + settings.repository() + "@" + manifest.digest() + " (from " + reference + ") to "
                + String.join(", ", tags.tags()) + " without uploading anything");
        for (String tag : tags.tags()) {
            repo.pushManifest(tag, manifest);
        }
        return manifest.digest();
    }

    /** {@code params.promote}: a file in the build directory holding a tag or digest, or the tag or digest itself. */
    private String promotedReference(Path sources, String value) throws IOException {
        String reference = value.trim();
        if (!reference.startsWith("/") && Files.isRegularFile(sources.resolve(reference))) {
            Path file = BuildDirectory.confined(sources, sources.resolve(reference), "params.promote", reference);
            reference = Files.readString(file).trim();
        }
        if (Digest.isDigest(reference) || ImageReference.isValidTag(reference)) {
            return reference;
        }
        try {
            ImageReference parsed = ImageReference.parse(reference);
            if (parsed.name().equals(settings.repository().name())) {
                if (parsed.digest().isPresent()) {
                    return parsed.digest().get().toString();
                }
                if (parsed.tag().isPresent()) {
                    return parsed.tag().get();
                }
            }
        } catch (IllegalArgumentException notAReference) {
            // fall through to the error below
        }
        throw new HintedException(
                "params.promote: '" + value + "' is neither a file in the build directory," + " a tag nor a digest of "
                        + settings.repository(),
                "give a tag (feature-x-latest), a digest (sha256:...) or a file holding one");
    }
}
