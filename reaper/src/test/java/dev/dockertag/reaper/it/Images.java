package dev.dockertag.reaper.it;

import dev.dockertag.registry.BlobContent;
import dev.dockertag.registry.ProgressListener;
import dev.dockertag.registry.RepositoryClient;
import dev.dockertag.registry.image.Descriptor;
import dev.dockertag.registry.image.Digest;
import dev.dockertag.registry.image.ImageAnnotations;
import dev.dockertag.registry.image.ImageIndex;
import dev.dockertag.registry.image.ImageManifest;
import dev.dockertag.registry.image.Manifest;
import dev.dockertag.registry.image.MediaTypes;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Small images pushed the way {@code out} pushes them: a unique layer (so GC has something of its own to free), a
 * config with its creation time, and the branch and commit annotations on the manifest.
 */
final class Images {

    private Images() {}

    /** Pushes an image built on {@code branch} at {@code commit}, created at second {@code second} of 2026. */
    static Digest push(RepositoryClient repository, String tag, String branch, String commit, int second) {
        return push(
                repository, tag, branch, commit, String.format("2026-01-01T00:%02d:%02dZ", second / 60, second % 60));
    }

    /** Pushes an image built on {@code branch} at {@code commit}, created at {@code created} (RFC 3339). */
    static Digest push(RepositoryClient repository, String tag, String branch, String commit, String created) {
        byte[] layer = ("layer of " + branch + " at " + commit + " " + created + " " + System.nanoTime())
                .getBytes(StandardCharsets.UTF_8);
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
        Manifest manifest = Manifest.of(new ImageManifest(
                2,
                MediaTypes.OCI_MANIFEST,
                null,
                Descriptor.of(MediaTypes.OCI_CONFIG, configDigest, config.length),
                List.of(Descriptor.of(MediaTypes.OCI_LAYER, layerDigest, layer.length)),
                null,
                annotations));
        return repository.pushManifest(tag, manifest);
    }

    /**
     * A signature as cosign stores it: an OCI manifest whose one layer is the simple-signing payload naming
     * {@code subject}, tagged {@code sha256-<hex>.sig} (cosign itself is not needed to make one).
     */
    static Digest pushSignature(RepositoryClient repository, Digest subject) {
        byte[] payload = ("{\"critical\":{\"identity\":{\"docker-reference\":\"" + repository.name()
                        + "\"},\"image\":{\"docker-manifest-digest\":\"" + subject + "\"},\"type\":\"cosign container"
                        + " image signature\"},\"optional\":null}")
                .getBytes(StandardCharsets.UTF_8);
        byte[] config = ("{\"architecture\":\"\",\"created\":\"0001-01-01T00:00:00Z\",\"os\":\"\",\"rootfs\":"
                        + "{\"type\":\"layers\",\"diff_ids\":[\"" + Digest.sha256(payload) + "\"]},\"config\":{}}")
                .getBytes(StandardCharsets.UTF_8);
        repository.pushBlob(Digest.sha256(payload), BlobContent.of(payload), Optional.empty(), ProgressListener.NONE);
        repository.pushBlob(Digest.sha256(config), BlobContent.of(config), Optional.empty(), ProgressListener.NONE);
        Descriptor layer = Descriptor.of(
                        "application/vnd.dev.cosign.simplesigning.v1+json", Digest.sha256(payload), payload.length)
                .withAnnotations(Map.of("dev.cosignproject.cosign/signature", "MEUCIQ=="));
        Manifest manifest = Manifest.of(new ImageManifest(
                2,
                MediaTypes.OCI_MANIFEST,
                null,
                Descriptor.of(MediaTypes.OCI_CONFIG, Digest.sha256(config), config.length),
                List.of(layer),
                null,
                null));
        return repository.pushManifest("sha256-" + subject.hex() + ".sig", manifest);
    }

    /**
     * An OCI 1.1 artifact (an SBOM) whose {@code subject} is {@code subject}, pushed by digest, and listed under the
     * referrers fallback tag {@code sha256-<hex>} as a client does on a registry without the referrers API. Returns the
     * artifact's digest.
     */
    static Digest pushReferrer(RepositoryClient repository, Digest subject) {
        Descriptor subjectDescriptor = repository.resolve(subject.toString()).orElseThrow();
        byte[] empty = "{}".getBytes(StandardCharsets.UTF_8);
        byte[] sbom = ("{\"spdxVersion\":\"SPDX-2.3\",\"name\":\"" + subject + "\"}").getBytes(StandardCharsets.UTF_8);
        repository.pushBlob(Digest.sha256(empty), BlobContent.of(empty), Optional.empty(), ProgressListener.NONE);
        repository.pushBlob(Digest.sha256(sbom), BlobContent.of(sbom), Optional.empty(), ProgressListener.NONE);
        Manifest artifact = Manifest.of(new ImageManifest(
                2,
                MediaTypes.OCI_MANIFEST,
                SBOM,
                Descriptor.of("application/vnd.oci.empty.v1+json", Digest.sha256(empty), empty.length),
                List.of(Descriptor.of("application/spdx+json", Digest.sha256(sbom), sbom.length)),
                subjectDescriptor,
                null));
        Digest digest = repository.pushManifest(artifact.digest().toString(), artifact);
        Manifest fallback = Manifest.of(new ImageIndex(
                2,
                MediaTypes.OCI_INDEX,
                null,
                List.of(new Descriptor(
                        MediaTypes.OCI_MANIFEST, digest.toString(), artifact.bytes().length, null, null, null, SBOM)),
                null,
                null));
        repository.pushManifest("sha256-" + subject.hex(), fallback);
        return digest;
    }

    static final String SBOM = "application/vnd.example.sbom.v1+json";

    /** Puts the manifest {@code from} points at under {@code to} as well (a promotion: same digest). */
    static Digest retag(RepositoryClient repository, String from, String to) {
        Manifest manifest = repository.fetchManifest(from).orElseThrow();
        return repository.pushManifest(to, manifest);
    }

    /** Every tag of the repository and the digest it resolves to now. */
    static Map<String, Digest> tags(RepositoryClient repository) {
        Map<String, Digest> tags = new TreeMap<>();
        for (String tag : repository.listTags()) {
            repository.resolve(tag).ifPresent(d -> tags.put(tag, d.parsedDigest()));
        }
        return tags;
    }
}
