package dev.dockertag.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.dockertag.registry.image.Json;
import dev.dockertag.registry.internal.http.RegistryAuth;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import okhttp3.HttpUrl;
import okhttp3.Request;
import okhttp3.Response;

/** Every tag, following pagination. */
final class TagList {

    private final RegistryCall call;

    TagList(RegistryCall call) {
        this.call = call;
    }

    /** One answer: its tags (none for a refused page size), and the next page's URL or null. */
    private record Page(List<String> tags, HttpUrl next) {}

    /** See {@link RepositoryClient#listTags()}, which is this. */
    List<String> listTags() {
        String action = "list tags of " + call.name();
        Set<String> tags = new LinkedHashSet<>();
        Set<HttpUrl> seen = new HashSet<>();
        HttpUrl url = call.repoUrl()
                .addPathSegments("tags/list")
                .addQueryParameter("n", "1000")
                .build();
        while (url != null && seen.add(url)) {
            HttpUrl current = url;
            Page page = call.exchange(new Request.Builder().url(url).get(), call.scope("pull"), action, response -> {
                        if (response.code() == 400 && current.queryParameter("n") != null) {
                            // PAGINATION_NUMBER_INVALID: ask again without a page size
                            return new Page(
                                    List.of(),
                                    current.newBuilder()
                                            .removeAllQueryParameters("n")
                                            .build());
                        }
                        if (!response.isSuccessful()) {
                            throw call.failure(response, action);
                        }
                        call.refusePage(response, action, "a tag list");
                        JsonNode body = tagList(response, action);
                        List<String> names = new ArrayList<>();
                        body.path("tags").forEach(t -> names.add(t.asText()));
                        return new Page(names, RegistryCall.nextPage(response, current));
                    })
                    .orElseThrow();
            int before = tags.size();
            tags.addAll(page.tags());
            url = page.next();
            if (tags.size() == before && url != null && !page.tags().isEmpty()) {
                url = null; // a registry that ignores 'last' repeats itself: we have everything
            }
        }
        return List.copyOf(tags);
    }

    /** See {@link RepositoryClient#presence()}, which is this: one page of one tag. */
    RepositoryClient.Presence presence() {
        String action = "list tags of " + call.name();
        HttpUrl url = call.repoUrl()
                .addPathSegments("tags/list")
                .addQueryParameter("n", "1")
                .build();
        return call.exchange(new Request.Builder().url(url).get(), call.scope("pull"), action, response -> {
                    if (response.code() == 404) {
                        return RepositoryClient.Presence.UNKNOWN_NAME;
                    }
                    if (response.code() == 400) {
                        return RepositoryClient.Presence.TAGGED; // a page size it refuses, on a repository it knows
                    }
                    if (response.isSuccessful()) {
                        JsonNode tags = tagList(response, action).path("tags");
                        return tags.isArray() && !tags.isEmpty()
                                ? RepositoryClient.Presence.TAGGED
                                : RepositoryClient.Presence.NO_TAGS;
                    }
                    throw call.failure(response, action);
                })
                .orElseThrow();
    }

    /** The answer's JSON, or a refusal naming the host when it is none (a proxy's page, a truncated body). */
    private static JsonNode tagList(Response response, String action) throws IOException {
        byte[] bytes = RegistryCall.readLimited(response.body(), 64 * 1024 * 1024, action);
        try {
            JsonNode body = Json.MAPPER.readTree(bytes);
            if (body != null && body.isObject()) {
                return body;
            }
        } catch (JsonProcessingException e) {
            // said below
        }
        throw new RegistryException(
                action,
                response.code(),
                null,
                RegistryAuth.hostPort(response.request().url()) + " answered "
                        + Optional.ofNullable(response.header("Content-Type")).orElse("a body with no type")
                        + " that is not a tag list");
    }
}
