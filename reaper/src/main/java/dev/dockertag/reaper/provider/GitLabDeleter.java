package dev.dockertag.reaper.provider;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dockertag.reaper.config.ProviderApi;
import dev.dockertag.reaper.plan.DeleteSupport;
import dev.dockertag.registry.RegistryException;
import dev.dockertag.registry.RepositoryClient;
import dev.dockertag.registry.image.Digest;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * GitLab's container registry through its REST API: the image {@code HOST/GROUP/PROJECT/NAME} belongs to the longest
 * leading path that is a project ({@code GET /projects/:path}); its registry repository is the one of the project's
 * ({@code GET /projects/:id/registry/repositories}, paginated) whose {@code path} is the image's. Tags are deleted one
 * by one ({@code DELETE .../repositories/:id/tags/:tag}); GitLab keeps the manifest until its own cleanup, which is
 * what {@code undo} pushes the tags back onto. A manifest without tags (a referrer) cannot be deleted here.
 */
final class GitLabDeleter implements Deleter {

    private final ProviderHttp http;
    private final String apiUrl;
    private final Map<String, String> repositoryUrls = new ConcurrentHashMap<>();

    GitLabDeleter(ProviderHttp http, String apiUrl) {
        this.http = http;
        this.apiUrl = apiUrl + "/api/v4";
    }

    @Override
    public ProviderApi api() {
        return ProviderApi.GITLAB;
    }

    @Override
    public DeleteSupport support(RepositoryClient repository) {
        return DeleteSupport.through(
                        "gitlab",
                        "GitLab's container registry API: each doomed tag deleted at " + repositoryUrl(repository)
                                + " (GitLab keeps the manifest, untagged, until its own cleanup)")
                .tagsOnly();
    }

    @Override
    public Deletions delete(RepositoryClient repository, Map<Digest, List<String>> doomed) {
        List<Digest> deleted = new ArrayList<>();
        Map<Digest, String> failed = new LinkedHashMap<>();
        doomed.forEach((digest, tags) -> {
            if (tags.isEmpty()) {
                failed.put(digest, "GitLab's API deletes tags, and this manifest has none: it stays");
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
        String url = repositoryUrl(repository) + "/tags/" + URLEncoder.encode(tag, StandardCharsets.UTF_8);
        ProviderHttp.Answer answer = http.delete(url);
        if (answer.ok() || answer.code() == 404) {
            return Optional.empty();
        }
        if (answer.code() == 403 || answer.code() == 400) {
            return Optional.of(http.failure("DELETE " + url, answer, "").getMessage());
        }
        throw http.failure("DELETE " + url, answer, "deleting tag " + tag);
    }

    private String repositoryUrl(RepositoryClient repository) {
        return repositoryUrls.computeIfAbsent(repository.name().toString(), name -> {
            String path = repository.name().repository();
            String[] parts = path.split("/");
            for (int length = parts.length; length >= 2; length--) {
                String project = String.join("/", List.of(parts).subList(0, length));
                String projectUrl = apiUrl + "/projects/" + URLEncoder.encode(project, StandardCharsets.UTF_8);
                ProviderHttp.Answer answer = http.get(projectUrl);
                if (answer.code() == 404) {
                    continue;
                }
                if (!answer.ok()) {
                    throw http.failure("GET " + projectUrl, answer, "check registry.api_token (or GITLAB_TOKEN)");
                }
                String id = answer.json("GET " + projectUrl).path("id").asText();
                for (JsonNode repo : http.pages(
                        apiUrl + "/projects/" + id + "/registry/repositories?per_page=100",
                        "listing the project's registry repositories")) {
                    if (repo.path("path").asText().equalsIgnoreCase(path)) {
                        return apiUrl + "/projects/" + id + "/registry/repositories/"
                                + repo.path("id").asText();
                    }
                }
                throw new RegistryException(
                        "GET " + apiUrl + "/projects/" + id + "/registry/repositories",
                        404,
                        null,
                        "GitLab's project " + project + " has no registry repository " + path);
            }
            throw new RegistryException(
                    "GET " + apiUrl + "/projects/...",
                    404,
                    null,
                    "no leading part of " + path + " is a GitLab project the token can see");
        });
    }
}
