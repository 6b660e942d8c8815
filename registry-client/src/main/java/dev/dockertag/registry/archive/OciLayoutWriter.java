package dev.dockertag.registry.archive;

import dev.dockertag.registry.image.Descriptor;
import dev.dockertag.registry.image.Digest;
import dev.dockertag.registry.image.ImageIndex;
import dev.dockertag.registry.image.Json;
import dev.dockertag.registry.image.Manifest;
import dev.dockertag.registry.image.MediaTypes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Writes an OCI image layout (https://github.com/opencontainers/image-spec/blob/main/image-layout.md):
 * {@code oci-layout}, {@code blobs/sha256/<hex>} and, on {@link #finish()}, {@code index.json}. Blobs are written under
 * a temporary name and moved into place, so a blob file is always whole; every file is {@code 0644}.
 */
public final class OciLayoutWriter {

    private final Path root;
    private final List<Descriptor> refs = new ArrayList<>();

    public OciLayoutWriter(Path root) throws IOException {
        this.root = root;
        Files.createDirectories(root.resolve("blobs").resolve("sha256"));
        Files.writeString(root.resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
    }

    /** Where a blob lives in the layout (it may not exist yet). */
    public Path blobPath(Digest digest) {
        return root.resolve("blobs").resolve(digest.algorithm()).resolve(digest.hex());
    }

    public boolean hasBlob(Digest digest) {
        return Files.isRegularFile(blobPath(digest));
    }

    /** A temporary file in the layout to download a blob into before {@link #commitBlob}. */
    public Path newTempFile() throws IOException {
        return Files.createTempFile(root, ".blob-", ".partial");
    }

    /** Moves a verified temporary file into place as the blob {@code digest}. */
    public void commitBlob(Path temp, Digest digest) throws IOException {
        Files.createDirectories(blobPath(digest).getParent());
        ReadableFiles.makeReadable(temp);
        Files.move(temp, blobPath(digest), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    public void writeManifest(Manifest manifest) throws IOException {
        Path temp = newTempFile();
        Files.write(temp, manifest.bytes());
        commitBlob(temp, manifest.digest());
    }

    /** Lists a manifest in {@code index.json}, named {@code refName} when not null. */
    public void addRef(Manifest manifest, String refName) {
        Descriptor d = manifest.descriptor();
        refs.add(refName == null ? d : d.withAnnotations(Map.of(ImageArchives.REF_NAME, refName)));
    }

    /** Writes {@code index.json}; the layout is complete afterwards. */
    public void finish() throws IOException {
        Path temp = newTempFile();
        Files.write(temp, Json.write(ImageIndex.of(MediaTypes.OCI_INDEX, List.copyOf(refs))));
        ReadableFiles.makeReadable(temp);
        Files.move(
                temp, root.resolve("index.json"), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    public Path root() {
        return root;
    }
}
