package dev.dockertag.registry;

import dev.dockertag.registry.image.Descriptor;
import dev.dockertag.registry.image.Digest;
import dev.dockertag.registry.image.Manifest;
import dev.dockertag.registry.image.MediaTypes;
import java.io.IOException;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import okhttp3.HttpUrl;
import okhttp3.Request;
import okhttp3.Response;

/** The OCI 1.1 referrers API. */
final class ReferrersList {

    private final RegistryCall call;
    private final ImageReference name;

    ReferrersList(RegistryCall call) {
        this.call = call;
        this.name = call.name();
    }

    /**
     * The manifests whose {@code subject} is {@code subject}, from the OCI 1.1 referrers API (following
     * {@code Link} pagination); empty when the registry has no referrers API (it answers 404, which a
     * registry with the API never does). Clients then look for the {@code sha256-<hex>} fallback tag.
     */
    Optional<List<Descriptor>> referrers(Digest subject) {
        String action = "list referrers of " + subject + " in " + name;
        List<Descriptor> found = new java.util.ArrayList<>();
        Set<HttpUrl> seen = new HashSet<>();
        HttpUrl url = call.repoUrl().addPathSegment("referrers").addPathSegment(subject.toString()).build();
        while (url != null && seen.add(url)) {
            try (Response response = call.execute(new Request.Builder().url(url).get().header("Accept",
                    MediaTypes.OCI_INDEX), "pull", action)) {
                if (response.code() == 404) {
                    return Optional.empty();
                }
                if (!response.isSuccessful()) {
                    throw call.failure(response, action);
                }
                Manifest page = Manifest.of(RegistryCall.readLimited(response.body(), RegistryCall.MAX_MANIFEST_BYTES, action),
                        MediaTypes.OCI_INDEX);
                found.addAll(page.asIndex().manifestsOrEmpty());
                url = RegistryCall.nextPage(response, url);
            } catch (IOException e) {
                throw new RegistryException(action, 0, null, call.describe(e), e);
            }
        }
        return Optional.of(List.copyOf(found));
    }
}
