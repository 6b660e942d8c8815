package dev.dockertag.registry.archive;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dockertag.registry.BlobContent;
import dev.dockertag.registry.image.Descriptor;
import dev.dockertag.registry.image.Digest;
import dev.dockertag.registry.image.ImageIndex;
import dev.dockertag.registry.image.ImageManifest;
import dev.dockertag.registry.image.Json;
import dev.dockertag.registry.image.Manifest;
import dev.dockertag.registry.image.MediaTypes;
import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarFile;
import org.apache.commons.io.input.BoundedInputStream;

/**
 * Opens the image formats a build task leaves behind: an OCI image layout directory (what {@code oci-build-task}
 * writes), an {@code oci-archive} tar of such a layout, and a {@code docker save} tar. Tars are read in place (random
 * access), never unpacked to disk.
 */
public final class ImageArchives {

    /** The annotation that names an image inside an OCI layout's {@code index.json}. */
    public static final String REF_NAME = "org.opencontainers.image.ref.name";

    private ImageArchives() {}

    /**
     * Opens {@code path}, detecting its format. When the layout holds several images, {@code refName} picks one by its
     * {@link #REF_NAME}; a layout whose entries are all single-platform images of different platforms is taken as one
     * multi-platform image.
     */
    public static ImageSource open(Path path, Optional<String> refName) throws IOException {
        if (Files.isDirectory(path)) {
            if (!Files.isRegularFile(path.resolve("index.json"))) {
                throw new IllegalArgumentException(
                        path + " is a directory but not an OCI image layout (no index.json)");
            }
            DirectoryBlobs blobs = new DirectoryBlobs(path);
            return fromLayout(
                    "oci-layout " + path,
                    Files.readAllBytes(blobs.inside(path.resolve("index.json"))),
                    blobs,
                    refName,
                    null);
        }
        if (!Files.isRegularFile(path)) {
            throw new IllegalArgumentException(path + " does not exist");
        }
        TarFile tar;
        try {
            tar = new TarFile(path);
        } catch (IOException e) {
            throw new IllegalArgumentException(
                    path + " is neither an OCI layout directory nor a tar archive: " + e.getMessage(), e);
        }
        try {
            Map<String, TarArchiveEntry> entries = new HashMap<>();
            for (TarArchiveEntry entry : tar.getEntries()) {
                if (entry.isFile()) {
                    entries.put(normalise(entry.getName()), entry);
                }
            }
            TarBlobs blobs = new TarBlobs(path, tar, entries);
            if (entries.containsKey("index.json") && entries.containsKey("oci-layout")) {
                return fromLayout("oci-archive " + path, blobs.bytes("index.json"), blobs, refName, tar);
            }
            if (entries.containsKey("manifest.json")) {
                return fromDockerSave("docker-archive " + path, blobs, refName, tar);
            }
            throw new IllegalArgumentException(path + " is a tar but neither an oci-archive (no index.json)"
                    + " nor a docker save archive (no manifest.json)");
        } catch (RuntimeException | IOException e) {
            tar.close();
            throw e;
        }
    }

    private static ImageSource fromLayout(
            String description, byte[] indexJson, BlobStore blobs, Optional<String> refName, Closeable resource) {
        ImageIndex index = Json.read(indexJson, ImageIndex.class, description + " index.json");
        List<Descriptor> entries = index.manifestsOrEmpty();
        if (entries.isEmpty()) {
            throw new IllegalArgumentException(description + " holds no image (index.json lists no manifest)");
        }
        List<Descriptor> candidates = entries;
        if (refName.isPresent()) {
            candidates = entries.stream()
                    .filter(d -> refName.get().equals(d.annotationsOrEmpty().get(REF_NAME)))
                    .toList();
            if (candidates.isEmpty()) {
                throw new IllegalArgumentException(
                        description + " has no image named '" + refName.get() + "' (names: " + names(entries) + ")");
            }
        }
        List<String> distinct =
                candidates.stream().map(Descriptor::digest).distinct().toList();
        if (distinct.size() == 1) {
            return new ImageSource(
                    description,
                    ImageSource.readManifest(description, blobs, candidates.get(0)),
                    blobs,
                    resource,
                    false);
        }
        boolean allPlatformImages =
                candidates.stream().allMatch(d -> MediaTypes.isImageManifest(d.mediaType()) && d.platform() != null);
        if (allPlatformImages) {
            Map<String, Descriptor> byDigest = new LinkedHashMap<>();
            for (Descriptor d : candidates) {
                byDigest.putIfAbsent(d.digest(), d.withAnnotations(null));
            }
            List<Descriptor> children = List.copyOf(byDigest.values());
            return new ImageSource(
                    description, Manifest.of(ImageIndex.of(MediaTypes.OCI_INDEX, children)), blobs, resource, false);
        }
        throw new IllegalArgumentException(description + " holds " + distinct.size()
                + " images; name the one to use (names: " + names(entries) + ")");
    }

    private static String names(List<Descriptor> entries) {
        List<String> names = entries.stream()
                .map(d -> d.annotationsOrEmpty().get(REF_NAME))
                .filter(n -> n != null)
                .distinct()
                .toList();
        return names.isEmpty() ? "none" : String.join(", ", names);
    }

    /**
     * A {@code docker save} tar: {@code manifest.json} lists config and layer files. The image becomes an OCI manifest
     * over those exact files (layers stay as saved: usually uncompressed tars).
     */
    private static ImageSource fromDockerSave(
            String description, TarBlobs tarBlobs, Optional<String> refName, TarFile tar) throws IOException {
        JsonNode manifests = Json.MAPPER.readTree(tarBlobs.bytes("manifest.json"));
        List<JsonNode> images = new ArrayList<>();
        manifests.forEach(images::add);
        if (refName.isPresent()) {
            images = images.stream()
                    .filter(m -> {
                        for (JsonNode t : m.path("RepoTags")) {
                            if (t.asText().equals(refName.get()) || t.asText().endsWith(":" + refName.get())) {
                                return true;
                            }
                        }
                        return false;
                    })
                    .toList();
        }
        if (images.size() != 1) {
            throw new IllegalArgumentException(description
                    + (images.isEmpty()
                            ? " has no image"
                                    + refName.map(r -> " tagged '" + r + "'").orElse("")
                            : " holds " + images.size() + " images; name the one to use"));
        }
        JsonNode image = images.get(0);
        Map<Digest, BlobContent> made = new HashMap<>();
        byte[] config = tarBlobs.bytes(normalise(image.path("Config").asText()));
        Digest configDigest = Digest.sha256(config);
        made.put(configDigest, BlobContent.of(config));
        List<Descriptor> layers = new ArrayList<>();
        JsonNode diffIds = Json.MAPPER.readTree(config).path("rootfs").path("diff_ids");
        boolean diffIdPerLayer = diffIds.size() == image.path("Layers").size();
        for (JsonNode layer : image.path("Layers")) {
            String name = normalise(layer.asText());
            TarArchiveEntry entry = tarBlobs.entry(name);
            // an uncompressed layer's digest is its diff_id, which docker computed as it saved it:
            // not read twice here; the registry checks it on upload, withGzippedLayers as it compresses
            boolean gzip = isGzip(tarBlobs, entry);
            Optional<Digest> diffId = gzip || !diffIdPerLayer ? Optional.empty() : digest(diffIds.get(layers.size()));
            Digest digest = diffId.isPresent() ? diffId.get() : hash(tarBlobs, entry);
            made.put(digest, tarBlobs.content(entry));
            layers.add(Descriptor.of(gzip ? MediaTypes.OCI_LAYER_GZIP : MediaTypes.OCI_LAYER, digest, entry.getSize()));
        }
        ImageManifest manifest = new ImageManifest(
                2,
                MediaTypes.OCI_MANIFEST,
                null,
                Descriptor.of(MediaTypes.OCI_CONFIG, configDigest, config.length),
                layers,
                null,
                null);
        BlobStore store = digest -> Optional.ofNullable(made.get(digest));
        return new ImageSource(description, Manifest.of(manifest), store, tar, true);
    }

    private static Optional<Digest> digest(JsonNode value) {
        try {
            return Optional.of(Digest.parse(value.asText()));
        } catch (IllegalArgumentException notADigest) {
            return Optional.empty();
        }
    }

    private static Digest hash(TarBlobs blobs, TarArchiveEntry entry) throws IOException {
        try (InputStream in = blobs.content(entry).open()) {
            return Digest.sha256(in);
        }
    }

    private static boolean isGzip(TarBlobs blobs, TarArchiveEntry entry) throws IOException {
        try (InputStream in = new BufferedInputStream(blobs.content(entry).open())) {
            return in.read() == 0x1f && in.read() == 0x8b;
        }
    }

    private static String normalise(String name) {
        String n = name;
        while (n.startsWith("./")) {
            n = n.substring(2);
        }
        while (n.startsWith("/")) {
            n = n.substring(1);
        }
        return n;
    }

    /**
     * Blobs under {@code blobs/<algorithm>/<hex>} of a layout directory. A file that is (or lies behind) a link leading
     * out of the layout is refused: what is read here gets pushed, and a link must not turn a layout into a way to
     * publish any file of the machine.
     */
    private record DirectoryBlobs(Path root) implements BlobStore {
        @Override
        public Optional<BlobContent> find(Digest digest) {
            Path file = root.resolve("blobs").resolve(digest.algorithm()).resolve(digest.hex());
            return Files.isRegularFile(file) ? Optional.of(BlobContent.of(inside(file))) : Optional.empty();
        }

        Path inside(Path file) {
            try {
                if (Files.exists(file) && !file.toRealPath().startsWith(root.toRealPath())) {
                    throw new IllegalArgumentException("oci-layout " + root + ": " + root.relativize(file)
                            + " is a link that leads outside the layout; refusing to read it");
                }
                return file;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot resolve " + file, e);
            }
        }
    }

    /**
     * Entries of a tar read in place; layout blobs are looked up by path. Each opened entry reads the file through a
     * channel of its own, from the entry's offset: blobs are uploaded on several threads at once, and the
     * {@link TarFile}'s one channel would interleave their reads.
     */
    private record TarBlobs(Path file, TarFile tar, Map<String, TarArchiveEntry> entries) implements BlobStore {
        @Override
        public Optional<BlobContent> find(Digest digest) {
            TarArchiveEntry entry = entries.get("blobs/" + digest.algorithm() + "/" + digest.hex());
            return Optional.ofNullable(entry).map(this::content);
        }

        TarArchiveEntry entry(String name) {
            TarArchiveEntry entry = entries.get(name);
            if (entry == null) {
                throw new IllegalArgumentException("the archive has no entry '" + name + "'");
            }
            return entry;
        }

        byte[] bytes(String name) throws IOException {
            try (InputStream in = content(entry(name)).open()) {
                return in.readAllBytes();
            }
        }

        BlobContent content(TarArchiveEntry entry) {
            if (entry.isSparse() || entry.getDataOffset() < 0) {
                throw new IllegalArgumentException("the archive's entry '" + entry.getName()
                        + "' is a sparse file; image archives hold plain files");
            }
            return new BlobContent() {
                @Override
                public InputStream open() throws IOException {
                    FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
                    try {
                        channel.position(entry.getDataOffset());
                        return BoundedInputStream.builder()
                                .setInputStream(Channels.newInputStream(channel))
                                .setMaxCount(entry.getSize())
                                .setPropagateClose(true)
                                .get();
                    } catch (IOException | RuntimeException e) {
                        channel.close();
                        throw e;
                    }
                }

                @Override
                public long size() {
                    return entry.getSize();
                }
            };
        }
    }
}
