package dev.dockertag.reaper.provider;

import dev.dockertag.reaper.config.ProviderApi;
import dev.dockertag.reaper.plan.DeleteSupport;
import dev.dockertag.registry.RepositoryClient;
import dev.dockertag.registry.image.Digest;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Docker Hub through its own API (the registry API has no delete there): tags deleted one by one with {@code DELETE
 * /v2/repositories/NAMESPACE/NAME/tags/TAG/}, after a login ({@code POST /v2/auth/token}, a bearer that lasts minutes:
 * a 401 logs in again). Hub keeps a manifest whose tags are gone, untagged: that is what {@code undo} pushes the tags
 * back onto, and nothing the reaper can delete (a referrer without a tag stays).
 */
final class DockerHubDeleter implements Deleter {

    private final ProviderHttp http;
    private final String apiUrl;

    DockerHubDeleter(ProviderHttp http, String apiUrl) {
        this.http = http;
        this.apiUrl = apiUrl;
    }

    @Override
    public ProviderApi api() {
        return ProviderApi.DOCKERHUB;
    }

    @Override
    public DeleteSupport support(RepositoryClient repository) {
        String url = repositoryUrl(repository);
        ProviderHttp.Answer answer = http.get(url);
        if (!answer.ok()) {
            throw http.failure(
                    "GET " + url,
                    answer,
                    "check registry.username and registry.password (a personal" + " access token with delete scope)");
        }
        return DeleteSupport.through(
                        "dockerhub",
                        "Docker Hub's API: each doomed tag deleted (Hub keeps the manifest, untagged; the"
                                + " reaper cannot delete untagged manifests there)")
                .tagsOnly();
    }

    @Override
    public Deletions delete(RepositoryClient repository, Map<Digest, List<String>> doomed) {
        List<Digest> deleted = new ArrayList<>();
        Map<Digest, String> failed = new LinkedHashMap<>();
        doomed.forEach((digest, tags) -> {
            if (tags.isEmpty()) {
                failed.put(digest, "Docker Hub deletes tags, and this manifest has none: it stays");
                return;
            }
            for (String tag : tags) {
                Optional<String> problem = deleteTag(repository, tag);
                if (problem.isPresent()) {
                    failed.put(digest, problem.get());
                    return;
                }
            }
            deleted.add(digest);
        });
        return new Deletions(deleted, List.of(), failed);
    }

    @Override
    public Optional<String> untag(RepositoryClient repository, String tag, Digest digest, String mediaType) {
        return deleteTag(repository, tag);
    }

    private Optional<String> deleteTag(RepositoryClient repository, String tag) {
        String url = repositoryUrl(repository) + "tags/" + URLEncoder.encode(tag, StandardCharsets.UTF_8) + "/";
        ProviderHttp.Answer answer = http.delete(url);
        if (answer.ok() || answer.code() == 404) {
            return Optional.empty();
        }
        if (answer.code() == 403) {
            return Optional.of(http.failure("DELETE " + url, answer, "").getMessage());
        }
        throw http.failure("DELETE " + url, answer, "deleting tag " + tag);
    }

    /** {@code docker.io/library/x} is {@code library/x}; a repository name is one path segment after its namespace. */
    private String repositoryUrl(RepositoryClient repository) {
        String path = repository.name().repository();
        int slash = path.indexOf('/');
        String namespace = slash < 0 ? "library" : path.substring(0, slash);
        String name = slash < 0 ? path : path.substring(slash + 1);
        return apiUrl + "/v2/repositories/" + namespace + "/" + name + "/";
    }
}
