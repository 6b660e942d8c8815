package dev.dockertag.reaper.provider;

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

/**
 * Harbor through its artifacts API: {@code HOST/PROJECT/REPOSITORY} is the repository {@code REPOSITORY} (URL-encoded
 * twice, as Harbor asks) of project {@code PROJECT}; an artifact is deleted by digest with all its tags ({@code DELETE
 * .../artifacts/DIGEST}), a tag alone with {@code DELETE .../artifacts/DIGEST/tags/TAG}. The blobs stay until Harbor's
 * GC (which {@code gc.harbor} runs), so {@code undo} pushes the manifests back until then.
 */
final class HarborDeleter implements Deleter {

    private final ProviderHttp http;
    private final String apiUrl;

    HarborDeleter(ProviderHttp http, String apiUrl) {
        this.http = http;
        this.apiUrl = apiUrl + "/api/v2.0";
    }

    @Override
    public ProviderApi api() {
        return ProviderApi.HARBOR;
    }

    @Override
    public DeleteSupport support(RepositoryClient repository) {
        String url = repositoryUrl(repository);
        ProviderHttp.Answer answer = http.get(url);
        if (!answer.ok()) {
            throw http.failure("GET " + url, answer, "check registry.api_url, registry.username and registry.password");
        }
        return DeleteSupport.through("harbor", "Harbor's artifacts API: each doomed artifact deleted by digest");
    }

    @Override
    public Deletions delete(RepositoryClient repository, Map<Digest, List<String>> doomed) {
        List<Digest> deleted = new ArrayList<>();
        List<Digest> gone = new ArrayList<>();
        Map<Digest, String> failed = new LinkedHashMap<>();
        for (Digest digest : doomed.keySet()) {
            String url = repositoryUrl(repository) + "/artifacts/" + digest;
            ProviderHttp.Answer answer = http.delete(url);
            if (answer.ok()) {
                deleted.add(digest);
            } else if (answer.code() == 404) {
                gone.add(digest);
            } else if (answer.code() == 403 || answer.code() == 412) {
                failed.put(digest, http.failure("DELETE " + url, answer, "").getMessage()); // 412: immutable or signed
            } else {
                throw http.failure("DELETE " + url, answer, "deleting artifact " + digest);
            }
        }
        return new Deletions(deleted, gone, failed);
    }

    @Override
    public Optional<String> untag(RepositoryClient repository, String tag, Digest digest, String mediaType) {
        String url = repositoryUrl(repository) + "/artifacts/" + digest + "/tags/"
                + URLEncoder.encode(tag, StandardCharsets.UTF_8);
        ProviderHttp.Answer answer = http.delete(url);
        if (answer.ok() || answer.code() == 404) {
            return Optional.empty();
        }
        if (answer.code() == 403 || answer.code() == 412) {
            return Optional.of(http.failure("DELETE " + url, answer, "").getMessage());
        }
        throw http.failure("DELETE " + url, answer, "deleting tag " + tag);
    }

    private String repositoryUrl(RepositoryClient repository) {
        String path = repository.name().repository();
        int slash = path.indexOf('/');
        if (slash < 0) {
            throw new RegistryException(
                    "Harbor " + repository.name(),
                    0,
                    null,
                    "a Harbor repository is HOST/PROJECT/NAME; this one has no project");
        }
        String once = URLEncoder.encode(path.substring(slash + 1), StandardCharsets.UTF_8);
        return apiUrl + "/projects/" + path.substring(0, slash) + "/repositories/"
                + URLEncoder.encode(once, StandardCharsets.UTF_8);
    }
}
