package dev.dockertag.registry;

import dev.dockertag.registry.image.Digest;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import okhttp3.Request;

/** Deletes by digest and by tag, and asks without deleting whether the registry does either. */
final class ManifestDelete {

    private final RegistryCall call;

    ManifestDelete(RegistryCall call) {
        this.call = call;
    }

    /** See {@link RepositoryClient#deleteManifest(Digest)}, which is this. */
    boolean deleteManifest(Digest digest) {
        return call.send(
                        delete(digest.toString()),
                        call.scope("pull,push,delete"),
                        "delete manifest " + call.display(digest.toString()),
                        response -> true)
                .orElse(false);
    }

    /** See {@link RepositoryClient#deleteTag(String)}, which is this. */
    TagDeletion deleteTag(String tag) {
        ImageReference.requireValidTag(tag);
        String action = "delete tag " + call.display(tag);
        return call.exchange(delete(tag), call.scope("pull,push,delete"), action, response -> switch (response.code()) {
                    case 200, 202, 204 -> TagDeletion.DELETED;
                    case 404 -> TagDeletion.NOT_FOUND;
                    case 400, 405 -> TagDeletion.UNSUPPORTED;
                    default -> throw call.failure(response, action);
                })
                .orElseThrow();
    }

    /** See {@link RepositoryClient#supportsTagDelete()}, which is this. */
    boolean supportsTagDelete() {
        String probe = "dockertag-probe-"
                + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
        return deleteTag(probe) != TagDeletion.UNSUPPORTED;
    }

    /** See {@link RepositoryClient#supportsManifestDelete()}, which is this. */
    boolean supportsManifestDelete() {
        Digest probe = Digest.sha256(
                ("dockertag-probe-" + ThreadLocalRandom.current().nextLong()).getBytes(StandardCharsets.UTF_8));
        String action = "probe manifest delete in " + call.name();
        return call.exchange(
                        delete(probe.toString()),
                        call.scope("pull,push,delete"),
                        action,
                        response -> switch (response.code()) {
                            case 200, 202, 204, 404 -> true;
                            case 405 -> false;
                            default -> throw call.failure(response, action);
                        })
                .orElseThrow();
    }

    private Request.Builder delete(String reference) {
        return new Request.Builder().url(call.manifestUrl(reference)).delete();
    }
}
