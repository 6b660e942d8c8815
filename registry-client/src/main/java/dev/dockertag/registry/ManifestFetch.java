package dev.dockertag.registry;

import dev.dockertag.registry.image.Digest;
import dev.dockertag.registry.image.Manifest;
import java.util.Optional;

/** A manifest or index, GET and verified against its digest. */
final class ManifestFetch {

    private final RegistryCall call;

    ManifestFetch(RegistryCall call) {
        this.call = call;
    }

    /** See {@link RepositoryClient#fetchManifest(String)}, which is this. */
    Optional<Manifest> fetchManifest(String reference) {
        String action = "fetch manifest " + call.display(reference);
        return call.manifest(reference, false, action, response -> {
            byte[] bytes = RegistryCall.readLimited(response.body(), RegistryCall.MAX_MANIFEST_BYTES, action);
            Manifest manifest = Manifest.of(bytes, RegistryCall.stripParameters(response.header("Content-Type")));
            Optional<Digest> expected = Digest.isDigest(reference)
                    ? Optional.of(Digest.parse(reference))
                    : Optional.ofNullable(response.header("Docker-Content-Digest"))
                            .map(String::trim)
                            .map(Digest::parse);
            if (expected.isPresent()
                    && expected.get().algorithm().equals("sha256")
                    && !expected.get().equals(manifest.digest())) {
                throw new DigestMismatchException(action, expected.get(), manifest.digest(), bytes.length);
            }
            return manifest;
        });
    }
}
