package dev.dockertag.registry;

import dev.dockertag.registry.image.Digest;
import java.util.Optional;
import okhttp3.Request;

/** Whether the repository has a blob, and its size: a HEAD. */
final class BlobCheck {

    private final RegistryCall call;

    BlobCheck(RegistryCall call) {
        this.call = call;
    }

    /** See {@link RepositoryClient#blobSize(Digest)}, which is this. */
    Optional<Long> blobSize(Digest digest) {
        return call.send(
                new Request.Builder().url(call.blobUrl(digest)).head(),
                call.scope("pull"),
                "check blob " + digest + " in " + call.name(),
                response -> {
                    String length = response.header("Content-Length");
                    return length == null ? -1L : Long.parseLong(length);
                });
    }
}
