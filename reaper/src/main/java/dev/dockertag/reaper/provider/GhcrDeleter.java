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
 * GHCR through GitHub's packages REST API: {@code ghcr.io/OWNER/NAME} is the container package {@code NAME} of the
 * organisation or user {@code OWNER}; each manifest is one of its versions (named by its digest). A deletion deletes
 * versions (each with all its tags); a tag alone is moved onto a throwaway manifest whose version is then deleted.
 * GitHub restores a deleted version for 30 days, so the journal keeps the version ids and {@code undo} restores them.
 */
final class GhcrDeleter implements Deleter {

    private final ProviderHttp http;
    private final String apiUrl;
    /** The versions' base URL per repository ({@code .../orgs/OWNER/...} or {@code .../users/OWNER/...}). */
    private final Map<String, String> bases = new ConcurrentHashMap<>();
    /** Version ids by digest, per repository, as last listed. */
    private final Map<String, Map<Digest, String>> versions = new ConcurrentHashMap<>();

    GhcrDeleter(ProviderHttp http, String apiUrl) {
        this.http = http;
        this.apiUrl = apiUrl;
    }

    @Override
    public ProviderApi api() {
        return ProviderApi.GHCR;
    }

    @Override
    public DeleteSupport support(RepositoryClient repository) {
        String base = base(repository);
        int count = list(repository).size();
        return DeleteSupport.through(
                "ghcr",
                "GitHub's packages API: each doomed manifest's package version deleted (" + count
                        + " versions listed at " + base + ")");
    }

    @Override
    public Deletions delete(RepositoryClient repository, Map<Digest, List<String>> doomed) {
        List<Digest> deleted = new ArrayList<>();
        List<Digest> gone = new ArrayList<>();
        Map<Digest, String> failed = new LinkedHashMap<>();
        for (Digest digest : doomed.keySet()) {
            Optional<String> id = versionId(repository, digest);
            if (id.isEmpty()) {
                gone.add(digest);
                continue;
            }
            String url = base(repository) + "/" + id.get();
            ProviderHttp.Answer answer = http.delete(url);
            if (answer.ok()) {
                deleted.add(digest);
            } else if (answer.code() == 404) {
                gone.add(digest);
            } else if (answer.code() == 400 || answer.code() == 403 || answer.code() == 422) {
                failed.put(digest, http.failure("DELETE " + url, answer, "").getMessage());
            } else {
                throw http.failure("DELETE " + url, answer, "deleting version " + id.get() + " (" + digest + ")");
            }
        }
        return new Deletions(deleted, gone, failed);
    }

    @Override
    public Optional<String> untag(RepositoryClient repository, String tag, Digest digest, String mediaType) {
        // the throwaway is a version the cached listing lacks: versionId lists again, once
        return untagThroughThrowaway(repository, tag, mediaType);
    }

    @Override
    public Map<Digest, String> restoreIds(RepositoryClient repository, List<Digest> digests) {
        Map<Digest, String> ids = new LinkedHashMap<>();
        for (Digest digest : digests) {
            versionId(repository, digest).ifPresent(id -> ids.put(digest, id));
        }
        return ids;
    }

    @Override
    public List<String> restore(RepositoryClient repository, Map<Digest, String> ids) {
        List<String> lines = new ArrayList<>();
        ids.forEach((digest, id) -> {
            String url = base(repository) + "/" + id + "/restore";
            ProviderHttp.Answer answer = http.post(url, "");
            if (!answer.ok()) {
                throw http.failure("POST " + url, answer, "restoring version " + id + " (" + digest + ")");
            }
            lines.add("restored version " + id + " (" + digest + ") of " + repository.name() + " through GitHub");
        });
        return lines;
    }

    private Optional<String> versionId(RepositoryClient repository, Digest digest) {
        Optional<String> id = Optional.ofNullable(list(repository).get(digest));
        if (id.isPresent()) {
            return id;
        }
        versions.remove(repository.name().toString()); // pushed since the listing: list again, once
        return Optional.ofNullable(list(repository).get(digest));
    }

    private Map<Digest, String> list(RepositoryClient repository) {
        return versions.computeIfAbsent(repository.name().toString(), name -> {
            Map<Digest, String> ids = new LinkedHashMap<>();
            for (JsonNode version : http.pages(base(repository) + "?per_page=100", "listing the package's versions")) {
                String digest = version.path("name").asText();
                if (Digest.isDigest(digest)) {
                    ids.put(Digest.parse(digest), version.path("id").asText());
                }
            }
            return ids;
        });
    }

    /** Where the package's versions are: tried as an organisation's package, then as a user's. */
    private String base(RepositoryClient repository) {
        return bases.computeIfAbsent(repository.name().toString(), name -> {
            String path = repository.name().repository();
            int slash = path.indexOf('/');
            if (slash < 0) {
                throw new RegistryException(
                        "GHCR " + name, 0, null, "a GHCR repository is ghcr.io/OWNER/NAME; this one has no owner");
            }
            String owner = path.substring(0, slash);
            String packageName = URLEncoder.encode(path.substring(slash + 1), StandardCharsets.UTF_8);
            for (String kind : List.of("orgs", "users")) {
                String base = apiUrl + "/" + kind + "/" + owner + "/packages/container/" + packageName + "/versions";
                ProviderHttp.Answer answer = http.get(base + "?per_page=1");
                if (answer.ok()) {
                    return base;
                }
                if (answer.code() != 404) {
                    throw http.failure(
                            "GET " + base,
                            answer,
                            "check registry.api_token (or GITHUB_TOKEN): it needs"
                                    + " read:packages and delete:packages");
                }
            }
            throw new RegistryException(
                    "GET " + apiUrl + "/orgs|users/" + owner + "/packages/container/" + packageName,
                    404,
                    null,
                    "GitHub knows no container package " + path.substring(slash + 1) + " of " + owner
                            + " (or the token may not see it)");
        });
    }
}
