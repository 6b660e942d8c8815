package dev.dockertag.reaper.provider;

import dev.dockertag.registry.image.Descriptor;
import dev.dockertag.registry.image.Digest;
import dev.dockertag.registry.image.ImageManifest;
import dev.dockertag.registry.image.Manifest;
import dev.dockertag.registry.image.MediaTypes;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The throwaway image that removes one tag from a registry that deletes only by digest: pushed to the tag (which then
 * points at it alone) and deleted by its own digest. Its config carries the tag and a random nonce, so its digest is
 * unique to this call and no other tag can be pointing at it. Its only layer is the two bytes {@code {}}. It is of the
 * same family (OCI or Docker) as the manifest it replaces, since some registries refuse a tag changing family.
 */
record DummyManifest(byte[] config, Manifest manifest) {

    static final byte[] EMPTY_LAYER = "{}".getBytes(StandardCharsets.UTF_8);
    static final Digest EMPTY_LAYER_DIGEST = Digest.sha256(EMPTY_LAYER);
    static final String LABEL = "dev.dockertag.reaper.untag";

    static DummyManifest replacing(String tag, String currentMediaType) {
        boolean docker = currentMediaType.startsWith("application/vnd.docker.");
        String nonce = Instant.now() + "/"
                + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
        String json = "{\"architecture\":\"amd64\",\"os\":\"linux\",\"config\":{\"Labels\":{\"" + LABEL + "\":\""
                + tag + "\",\"" + LABEL + ".nonce\":\"" + nonce + "\"}},\"rootfs\":{\"type\":\"layers\","
                + "\"diff_ids\":[\"" + EMPTY_LAYER_DIGEST + "\"]}}";
        byte[] config = json.getBytes(StandardCharsets.UTF_8);
        ImageManifest image = new ImageManifest(
                2,
                docker ? MediaTypes.DOCKER_MANIFEST : MediaTypes.OCI_MANIFEST,
                null,
                Descriptor.of(
                        docker ? MediaTypes.DOCKER_CONFIG : MediaTypes.OCI_CONFIG,
                        Digest.sha256(config),
                        config.length),
                List.of(Descriptor.of(
                        docker ? "application/vnd.docker.image.rootfs.diff.tar" : MediaTypes.OCI_LAYER,
                        EMPTY_LAYER_DIGEST,
                        EMPTY_LAYER.length)),
                null,
                null);
        return new DummyManifest(config, Manifest.of(image));
    }
}
