package dev.dockertag.registry;

import dev.dockertag.registry.image.Digest;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import okhttp3.Request;
import okhttp3.Response;

/** Deletes by digest and by tag, and asks without deleting whether the registry does either. */
final class ManifestDelete {

    private final RegistryCall call;
    private final ImageReference name;

    ManifestDelete(RegistryCall call) {
        this.call = call;
        this.name = call.name();
    }

    /**
     * Deletes a manifest by digest. Registries then drop <em>every</em> tag that points at it: callers
     * that mean to remove one tag want {@link #deleteTag(String)}. Returns false when it was not there.
     */
    boolean deleteManifest(Digest digest) {
        String action = "delete manifest " + call.display(digest.toString());
        Request.Builder request = new Request.Builder().url(call.manifestUrl(digest.toString())).delete();
        try (Response response = call.execute(request, "pull,push,delete", action)) {
            if (response.code() == 404) {
                return false;
            }
            if (!response.isSuccessful()) {
                throw call.failure(response, action);
            }
            return true;
        }
    }

    /**
     * OCI 1.1 tag delete: removes the tag only. Registries without it answer 400 or 405 and change
     * nothing ({@link TagDeletion#UNSUPPORTED}); it is never assumed, only read from the answer.
     */
    TagDeletion deleteTag(String tag) {
        ImageReference.requireValidTag(tag);
        String action = "delete tag " + call.display(tag);
        Request.Builder request = new Request.Builder().url(call.manifestUrl(tag)).delete();
        try (Response response = call.execute(request, "pull,push,delete", action)) {
            return switch (response.code()) {
                case 200, 202, 204 -> TagDeletion.DELETED;
                case 404 -> TagDeletion.NOT_FOUND;
                case 400, 405 -> TagDeletion.UNSUPPORTED;
                default -> throw call.failure(response, action);
            };
        }
    }

    /**
     * Asks whether the registry deletes tags (OCI 1.1) without touching anything: deletes a tag that
     * cannot exist. A registry with tag delete says 404; one without says 400 or 405.
     */
    boolean supportsTagDelete() {
        String probe = "dockertag-probe-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
        return deleteTag(probe) != TagDeletion.UNSUPPORTED;
    }

    /**
     * Asks whether the registry deletes manifests at all, without touching anything: deletes a digest
     * that cannot exist. A registry that deletes says 404 (or 202); one with deletion disabled says
     * 405 (distribution without {@code storage.delete.enabled}). Anything else is a failure.
     */
    boolean supportsManifestDelete() {
        Digest probe = Digest.sha256(("dockertag-probe-" + ThreadLocalRandom.current().nextLong()).getBytes(
                java.nio.charset.StandardCharsets.UTF_8));
        String action = "probe manifest delete in " + name;
        Request.Builder request = new Request.Builder().url(call.manifestUrl(probe.toString())).delete();
        try (Response response = call.execute(request, "pull,push,delete", action)) {
            return switch (response.code()) {
                case 200, 202, 204, 404 -> true;
                case 405 -> false;
                default -> throw call.failure(response, action);
            };
        }
    }
}
