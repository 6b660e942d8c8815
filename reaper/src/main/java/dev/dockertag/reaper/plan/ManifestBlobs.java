package dev.dockertag.reaper.plan;

import dev.dockertag.registry.image.Descriptor;
import dev.dockertag.registry.image.Digest;
import dev.dockertag.registry.image.ImageManifest;
import dev.dockertag.registry.image.Manifest;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * What the GC estimate needs of a manifest, and no more: its own size and the blobs it uses (an image's config and
 * layers) with their sizes. A listing of 100,000 tags keeps one of these per distinct manifest, where keeping the
 * manifests themselves cost a few hundred bytes more each; the digests are shared ({@link #of(Manifest,
 * UnaryOperator)}), so a layer that a thousand images use is held once.
 */
public record ManifestBlobs(Digest digest, int size, Digest[] blobs, long[] sizes) {

    public static ManifestBlobs of(Manifest manifest) {
        return of(manifest, UnaryOperator.identity());
    }

    /** @param intern gives the one instance of each digest the caller keeps */
    public static ManifestBlobs of(Manifest manifest, UnaryOperator<Digest> intern) {
        if (manifest.isIndex()) {
            return new ManifestBlobs(manifest.digest(), manifest.bytes().length, new Digest[0], new long[0]);
        }
        ImageManifest image = manifest.asImageManifest();
        var layers = image.layersOrEmpty();
        int count = layers.size() + (image.config() == null ? 0 : 1);
        Digest[] blobs = new Digest[count];
        long[] sizes = new long[count];
        int i = 0;
        if (image.config() != null) {
            blobs[i] = intern.apply(image.config().parsedDigest());
            sizes[i++] = Math.max(0, image.config().size());
        }
        for (Descriptor layer : layers) {
            blobs[i] = intern.apply(layer.parsedDigest());
            sizes[i++] = Math.max(0, layer.size());
        }
        return new ManifestBlobs(manifest.digest(), manifest.bytes().length, blobs, sizes);
    }

    /** The manifest itself and its blobs, with their sizes, into {@code into}. */
    Map<Digest, Long> into(Map<Digest, Long> into) {
        into.put(digest, (long) size);
        for (int i = 0; i < blobs.length; i++) {
            into.put(blobs[i], sizes[i]);
        }
        return into;
    }
}
