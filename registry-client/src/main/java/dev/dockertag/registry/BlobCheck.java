package dev.dockertag.registry;

import dev.dockertag.registry.image.Digest;
import java.util.Optional;
import okhttp3.Request;
import okhttp3.Response;

/** Whether the repository has a blob, and its size: a HEAD. */
final class BlobCheck {

    private final RegistryCall call;
    private final ImageReference name;

    BlobCheck(RegistryCall call) {
        this.call = call;
        this.name = call.name();
    }

    /** The size of a blob the repository has, or empty when it has none. */
    Optional<Long> blobSize(Digest digest) {
        String action = "check blob " + digest + " in " + name;
        try (Response response = call.execute(new Request.Builder().url(call.blobUrl(digest)).head(), "pull", action)) {
            if (response.code() == 404) {
                return Optional.empty();
            }
            if (!response.isSuccessful()) {
                throw call.failure(response, action);
            }
            String length = response.header("Content-Length");
            return Optional.of(length == null ? -1L : Long.parseLong(length));
        }
    }
}
