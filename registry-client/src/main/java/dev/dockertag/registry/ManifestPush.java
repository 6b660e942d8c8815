package dev.dockertag.registry;

import dev.dockertag.registry.image.Digest;
import dev.dockertag.registry.image.Manifest;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;

/** A manifest PUT under a tag or digest. */
final class ManifestPush {

    private final RegistryCall call;

    ManifestPush(RegistryCall call) {
        this.call = call;
    }

    /** See {@link RepositoryClient#pushManifest(String,Manifest)}, which is this. */
    Digest pushManifest(String reference, Manifest manifest) {
        String action = "push manifest " + call.display(reference);
        Request.Builder request = new Request.Builder()
                .url(call.manifestUrl(reference))
                .put(RequestBody.create(manifest.bytes(), MediaType.get(manifest.mediaType())));
        return call.exchange(request, call.scope("pull,push"), action, response -> {
                    if (!response.isSuccessful()) {
                        throw call.failure(response, action); // a 404 here is a failure, not an absence
                    }
                    String header = response.header("Docker-Content-Digest");
                    if (header != null && !Digest.parse(header.trim()).equals(manifest.digest())) {
                        throw new DigestMismatchException(
                                action, manifest.digest(), Digest.parse(header.trim()), manifest.bytes().length);
                    }
                    return manifest.digest();
                })
                .orElseThrow();
    }
}
