package dev.dockertag.reaper.it;

import dev.dockertag.registry.BlobContent;
import dev.dockertag.registry.Digest;
import dev.dockertag.registry.MediaTypes;
import dev.dockertag.registry.ProgressListener;
import dev.dockertag.registry.RepositoryClient;
import dev.dockertag.registry.image.Descriptor;
import dev.dockertag.registry.image.ImageAnnotations;
import dev.dockertag.registry.image.ImageManifest;
import dev.dockertag.registry.image.Manifest;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Small images pushed the way {@code out} pushes them: a unique layer (so GC has something of its own
 * to free), a config with its creation time, and the branch and commit annotations on the manifest.
 */
final class Images {

    private Images() {
    }

    /** Pushes an image built on {@code branch} at {@code commit}, created at second {@code second} of 2026. */
    static Digest push(RepositoryClient repository, String tag, String branch, String commit, int second) {
        byte[] layer = ("layer of " + branch + " at " + commit + " " + second + " " + System.nanoTime())
                .getBytes(StandardCharsets.UTF_8);
        String created = String.format("2026-01-01T00:%02d:%02dZ", second / 60, second % 60);
        byte[] config = ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"created\":\"" + created
                + "\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"" + Digest.sha256(layer) + "\"]}}")
                .getBytes(StandardCharsets.UTF_8);
        Digest layerDigest = Digest.sha256(layer);
        Digest configDigest = Digest.sha256(config);
        repository.pushBlob(layerDigest, BlobContent.of(layer), Optional.empty(), ProgressListener.NONE);
        repository.pushBlob(configDigest, BlobContent.of(config), Optional.empty(), ProgressListener.NONE);
        Map<String, String> annotations = new LinkedHashMap<>();
        annotations.put(ImageAnnotations.BRANCH, branch);
        annotations.put(ImageAnnotations.REVISION, commit);
        Manifest manifest = Manifest.of(new ImageManifest(2, MediaTypes.OCI_MANIFEST, null,
                Descriptor.of(MediaTypes.OCI_CONFIG, configDigest, config.length),
                List.of(Descriptor.of(MediaTypes.OCI_LAYER, layerDigest, layer.length)), null, annotations));
        return repository.pushManifest(tag, manifest);
    }

    /** Puts the manifest {@code from} points at under {@code to} as well (a promotion: same digest). */
    static Digest retag(RepositoryClient repository, String from, String to) {
        Manifest manifest = repository.fetchManifest(from).orElseThrow();
        return repository.pushManifest(to, manifest);
    }

    /** Every tag of the repository and the digest it resolves to now. */
    static Map<String, Digest> tags(RepositoryClient repository) {
        Map<String, Digest> tags = new java.util.TreeMap<>();
        for (String tag : repository.listTags()) {
            repository.resolve(tag).ifPresent(d -> tags.put(tag, d.parsedDigest()));
        }
        return tags;
    }
}
