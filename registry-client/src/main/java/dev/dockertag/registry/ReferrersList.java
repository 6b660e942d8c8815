package dev.dockertag.registry;

import dev.dockertag.registry.image.Descriptor;
import dev.dockertag.registry.image.Digest;
import dev.dockertag.registry.image.Manifest;
import dev.dockertag.registry.image.MediaTypes;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import okhttp3.HttpUrl;
import okhttp3.Request;

/** The OCI 1.1 referrers API. */
final class ReferrersList {

    private final RegistryCall call;

    ReferrersList(RegistryCall call) {
        this.call = call;
    }

    /** One answer: its referrers and the next page's URL or null. */
    private record Page(List<Descriptor> referrers, HttpUrl next) {}

    /** See {@link RepositoryClient#referrers(Digest)}, which is this. */
    Optional<List<Descriptor>> referrers(Digest subject) {
        String action = "list referrers of " + subject + " in " + call.name();
        List<Descriptor> found = new ArrayList<>();
        Set<HttpUrl> seen = new HashSet<>();
        HttpUrl url = call.repoUrl()
                .addPathSegment("referrers")
                .addPathSegment(subject.toString())
                .build();
        while (url != null && seen.add(url)) {
            HttpUrl current = url;
            Optional<Page> page = call.send(
                    new Request.Builder().url(url).get().header("Accept", MediaTypes.OCI_INDEX),
                    call.scope("pull"),
                    action,
                    response -> {
                        call.refusePage(response, action, "a referrers index");
                        return new Page(
                                Manifest.of(
                                                RegistryCall.readLimited(
                                                        response.body(), RegistryCall.MAX_MANIFEST_BYTES, action),
                                                MediaTypes.OCI_INDEX)
                                        .asIndex()
                                        .manifestsOrEmpty(),
                                RegistryCall.nextPage(response, current));
                    });
            if (page.isEmpty()) {
                return Optional.empty();
            }
            found.addAll(page.get().referrers());
            url = page.get().next();
        }
        return Optional.of(List.copyOf(found));
    }
}
