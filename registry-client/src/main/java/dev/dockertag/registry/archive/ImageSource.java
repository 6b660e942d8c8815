package dev.dockertag.registry.archive;

import dev.dockertag.registry.BlobContent;
import dev.dockertag.registry.Digest;
import dev.dockertag.registry.image.Descriptor;
import dev.dockertag.registry.image.Manifest;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * A local image ready to push: its root manifest (an image manifest or a multi-platform index) and
 * the blobs and child manifests it references. Made by {@link ImageArchives#open}.
 */
public final class ImageSource implements Closeable {

    private final String description;
    private final Manifest root;
    private final BlobStore blobs;
    private final Closeable resource;

    ImageSource(String description, Manifest root, BlobStore blobs, Closeable resource) {
        this.description = description;
        this.root = root;
        this.blobs = blobs;
        this.resource = resource;
    }

    /** What was opened, for messages: {@code oci-archive /tmp/image.tar}. */
    public String description() {
        return description;
    }

    public Manifest root() {
        return root;
    }

    /**
     * The same image under another root manifest that references the same blobs and children, e.g.
     * the root with annotations added. The result shares (and closes) this source's resources.
     */
    public ImageSource withRoot(Manifest newRoot) {
        return new ImageSource(description, newRoot, blobs, resource);
    }

    /** The bytes of a blob the image references; an error naming the archive when it is missing. */
    public BlobContent blob(Descriptor descriptor) {
        Digest digest = descriptor.parsedDigest();
        return blobs.find(digest).orElseThrow(() -> new IllegalArgumentException(
                description + " lacks blob " + digest + " (" + descriptor.mediaType() + ")"));
    }

    /** A child manifest of the root index, checked against its digest. */
    public Manifest manifest(Descriptor descriptor) {
        return readManifest(description, blobs, descriptor);
    }

    /** Reads a manifest blob from a store and checks it against the descriptor's digest. */
    static Manifest readManifest(String description, BlobStore blobs, Descriptor descriptor) {
        Digest digest = descriptor.parsedDigest();
        BlobContent content = blobs.find(digest).orElseThrow(() -> new IllegalArgumentException(
                description + " lacks manifest " + digest + " (" + descriptor.mediaType() + ")"));
        byte[] bytes;
        try (InputStream in = content.open()) {
            bytes = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + digest + " from " + description, e);
        }
        Manifest manifest = Manifest.of(bytes, descriptor.mediaType());
        if (!manifest.digest().equals(digest)) {
            throw new IllegalArgumentException(description + ": manifest " + digest
                    + " has digest " + manifest.digest() + " (the archive is corrupt)");
        }
        return manifest;
    }


    @Override
    public void close() throws IOException {
        if (resource != null) {
            resource.close();
        }
    }
}
