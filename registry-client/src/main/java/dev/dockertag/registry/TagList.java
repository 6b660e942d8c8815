package dev.dockertag.registry;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dockertag.registry.image.Json;
import java.io.IOException;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import okhttp3.HttpUrl;
import okhttp3.Request;
import okhttp3.Response;

/** Every tag, following pagination. */
final class TagList {

    private final RegistryCall call;
    private final ImageReference name;

    TagList(RegistryCall call) {
        this.call = call;
        this.name = call.name();
    }

    /**
     * Every tag of the repository, following {@code Link} pagination to the end and tolerating
     * registries that ignore {@code n} (distribution 2.8 returns everything at once). A repository
     * that does not exist is a {@link RegistryException} with status 404.
     */
    List<String> listTags() {
        String action = "list tags of " + name;
        Set<String> tags = new LinkedHashSet<>();
        Set<HttpUrl> seen = new HashSet<>();
        HttpUrl url = call.repoUrl().addPathSegments("tags/list").addQueryParameter("n", "1000").build();
        while (url != null && seen.add(url)) {
            try (Response response = call.execute(new Request.Builder().url(url).get(), "pull", action)) {
                if (response.code() == 400 && url.queryParameter("n") != null) {
                    url = url.newBuilder().removeAllQueryParameters("n").build(); // PAGINATION_NUMBER_INVALID
                    continue;
                }
                if (!response.isSuccessful()) {
                    throw call.failure(response, action);
                }
                JsonNode page = Json.MAPPER.readTree(RegistryCall.readLimited(response.body(), 64 * 1024 * 1024, action));
                int before = tags.size();
                page.path("tags").forEach(t -> tags.add(t.asText()));
                url = RegistryCall.nextPage(response, url);
                if (tags.size() == before && url != null && page.path("tags").size() > 0) {
                    url = null; // a registry that ignores 'last' repeats itself: we have everything
                }
            } catch (IOException e) {
                throw new RegistryException(action, 0, null, call.describe(e), e);
            }
        }
        return List.copyOf(tags);
    }
}
