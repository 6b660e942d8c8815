package dev.dockertag.registry.image;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.Arrays;

/**
 * A manifest or index as bytes, with its media type and the digest of exactly those bytes. The bytes are what gets
 * pushed: re-serialising a manifest would change its digest.
 */
public record Manifest(String mediaType, byte[] bytes, Digest digest) {

    /** Wraps bytes, taking the media type from the document's own {@code mediaType} when none is given. */
    public static Manifest of(byte[] bytes, String mediaTypeOrNull) {
        String mediaType = mediaTypeOrNull;
        if (mediaType == null
                || mediaType.isBlank()
                || mediaType.startsWith("application/json")
                || mediaType.startsWith("text/plain")) {
            mediaType = mediaTypeOf(bytes);
        }
        return new Manifest(mediaType, bytes.clone(), Digest.sha256(bytes));
    }

    /** Serialises a document built by this project (its bytes are then final). */
    public static Manifest of(ImageManifest manifest) {
        return of(Json.write(manifest), manifest.mediaType());
    }

    public static Manifest of(ImageIndex index) {
        return of(Json.write(index), index.mediaType());
    }

    private static String mediaTypeOf(byte[] bytes) {
        try {
            JsonNode node = Json.MAPPER.readTree(bytes);
            if (node != null && node.hasNonNull("mediaType")) {
                return node.get("mediaType").asText();
            }
            // OCI allows omitting mediaType: a document with "manifests" is an index.
            return node != null && node.has("manifests") ? MediaTypes.OCI_INDEX : MediaTypes.OCI_MANIFEST;
        } catch (IOException e) {
            throw new IllegalArgumentException("malformed manifest: " + e.getMessage(), e);
        }
    }

    public boolean isIndex() {
        return MediaTypes.isIndex(mediaType);
    }

    public ImageManifest asImageManifest() {
        if (isIndex()) {
            throw new IllegalStateException("manifest " + digest + " is an index (" + mediaType + "), not an image");
        }
        ImageManifest manifest = Json.read(bytes, ImageManifest.class, "image manifest " + digest);
        if (manifest.config() == null) {
            throw new IllegalArgumentException("malformed image manifest " + digest + ": it has no config");
        }
        readable(manifest.config(), "its config");
        manifest.layersOrEmpty().forEach(layer -> readable(layer, "a layer"));
        return manifest;
    }

    /**
     * A descriptor this manifest points through, refused ({@link IllegalArgumentException}, as for any malformed
     * manifest) when it names no digest that can be read: every reader of it would otherwise fail further on.
     */
    private void readable(Descriptor descriptor, String what) {
        if (descriptor == null || descriptor.digest() == null || !Digest.isDigest(descriptor.digest())) {
            throw new IllegalArgumentException("malformed manifest " + digest + ": " + what + " names no digest");
        }
    }

    public ImageIndex asIndex() {
        if (!isIndex()) {
            throw new IllegalStateException("manifest " + digest + " is an image (" + mediaType + "), not an index");
        }
        ImageIndex index = Json.read(bytes, ImageIndex.class, "image index " + digest);
        index.manifestsOrEmpty().forEach(child -> readable(child, "an entry"));
        return index;
    }

    /** A descriptor pointing at this manifest. */
    public Descriptor descriptor() {
        return Descriptor.of(mediaType, digest, bytes.length);
    }

    @Override
    public byte[] bytes() {
        return bytes.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Manifest m && m.mediaType.equals(mediaType) && Arrays.equals(m.bytes, bytes);
    }

    @Override
    public int hashCode() {
        return digest.hashCode();
    }

    @Override
    public String toString() {
        return "Manifest[" + mediaType + " " + digest + " " + bytes.length + " bytes]";
    }
}
