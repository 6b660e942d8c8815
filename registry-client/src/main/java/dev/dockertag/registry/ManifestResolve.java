package dev.dockertag.registry;

import dev.dockertag.registry.image.Descriptor;
import dev.dockertag.registry.image.Digest;
import dev.dockertag.registry.image.Manifest;
import java.util.Optional;

/** A tag or digest to its descriptor: a HEAD, or a GET when the HEAD gives no digest. */
final class ManifestResolve {

    private final RegistryCall call;
    private final ManifestFetch fetch;

    ManifestResolve(RegistryCall call, ManifestFetch fetch) {
        this.call = call;
        this.fetch = fetch;
    }

    /** See {@link RepositoryClient#resolve(String)}, which is this. */
    Optional<Descriptor> resolve(String reference) {
        String action = "resolve " + call.display(reference);
        return call.manifest(reference, true, action, response -> {
            String digestHeader = response.header("Docker-Content-Digest");
            String contentType = response.header("Content-Type");
            String length = response.header("Content-Length");
            if (digestHeader == null || contentType == null || length == null) {
                return fetch.fetchManifest(reference).map(Manifest::descriptor).orElse(null);
            }
            Digest digest = Digest.parse(digestHeader.trim());
            if (Digest.isDigest(reference) && !Digest.parse(reference).equals(digest)) {
                throw new DigestMismatchException(action, Digest.parse(reference), digest, Long.parseLong(length));
            }
            return Descriptor.of(RegistryCall.stripParameters(contentType), digest, Long.parseLong(length));
        });
    }
}
