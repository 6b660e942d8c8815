package dev.dockertag.reaper.provider;

import dev.dockertag.reaper.config.ProviderApi;
import dev.dockertag.reaper.config.ReaperConfig.RegistryAccess;
import dev.dockertag.reaper.config.Secret;
import dev.dockertag.reaper.plan.DeleteSupport;
import dev.dockertag.reaper.plan.UntagMethod;
import dev.dockertag.registry.Deadline;
import dev.dockertag.registry.ImageReference;
import dev.dockertag.registry.RegistryException;
import dev.dockertag.registry.RepositoryClient;
import dev.dockertag.registry.RetryPolicy;
import dev.dockertag.registry.image.Digest;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Which {@link Deleter} removes in each repository: {@code registry.api}, else the one the host unambiguously belongs
 * to ({@link ProviderApi#inferred}), else the registry API's. One per API for the run; a provider that lacks what it
 * needs (a token) cannot delete, and the plan says so.
 */
public final class Deleters {

    private final RegistryAccess access;
    private final Deadline deadline;
    private final Map<String, String> environment;
    private final Map<String, Deleter> providers = new ConcurrentHashMap<>();

    public Deleters(RegistryAccess access, Deadline deadline, Map<String, String> environment) {
        this.access = access;
        this.deadline = deadline;
        this.environment = Map.copyOf(environment);
    }

    /** Deletion through the registry API only, whatever the hosts: no provider, no deadline. */
    public static Deleters registryApiOnly() {
        return new Deleters(RegistryAccess.defaults(), Deadline.none(), Map.of());
    }

    public ProviderApi apiFor(ImageReference repository) {
        return access.api().orElseGet(() -> ProviderApi.inferred(repository.registry()));
    }

    /** @param untagMethod how the registry API removes a tag alone here (for {@link ProviderApi#OCI}) */
    public Deleter forRepository(ImageReference repository, UntagMethod untagMethod) {
        ProviderApi api = apiFor(repository);
        if (api == ProviderApi.OCI) {
            return new OciDeleter(untagMethod);
        }
        String key = api == ProviderApi.ECR || api == ProviderApi.HARBOR
                ? api.key() + " " + repository.registry()
                : api.key();
        return providers.computeIfAbsent(key, k -> create(api, repository.registry()));
    }

    private Deleter create(ProviderApi api, String host) {
        String url = access.apiUrl().or(api::defaultUrl).orElse("https://" + host);
        RetryPolicy policy = RetryPolicy.DEFAULT;
        return switch (api) {
            case ECR -> new EcrDeleter(host);
            case GHCR ->
                token("GITHUB_TOKEN")
                        .<Deleter>map(token -> new GhcrDeleter(
                                new ProviderHttp(
                                        "GitHub's packages API",
                                        policy,
                                        deadline,
                                        ProviderHttp.Auth.fixed("Authorization", Optional.of("Bearer " + token)),
                                        "Accept",
                                        "application/vnd.github+json",
                                        "X-GitHub-Api-Version",
                                        "2022-11-28"),
                                url))
                        .orElseGet(() -> new Refusing(
                                api,
                                "GitHub's packages API needs a token: registry.api_token, or"
                                        + " GITHUB_TOKEN in the environment (read:packages and delete:packages)"));
            case GITLAB ->
                token("GITLAB_TOKEN")
                        .<Deleter>map(token -> new GitLabDeleter(
                                new ProviderHttp(
                                        "GitLab's API",
                                        policy,
                                        deadline,
                                        ProviderHttp.Auth.fixed("PRIVATE-TOKEN", Optional.of(token))),
                                url))
                        .orElseGet(() -> new Refusing(
                                api,
                                "GitLab's API needs a token: registry.api_token, or"
                                        + " GITLAB_TOKEN in the environment (the api scope, Maintainer or more)"));
            case DOCKERHUB ->
                access.username().isEmpty()
                        ? new Refusing(
                                api,
                                "Docker Hub's API needs registry.username and registry.password (a"
                                        + " personal access token with delete scope)")
                        : new DockerHubDeleter(
                                new ProviderHttp("Docker Hub's API", policy, deadline, hubLogin(url, policy)), url);
            case HARBOR ->
                access.username().isEmpty()
                        ? new Refusing(api, "Harbor's API needs registry.username and registry.password")
                        : new HarborDeleter(
                                new ProviderHttp(
                                        "Harbor's API",
                                        policy,
                                        deadline,
                                        ProviderHttp.Auth.fixed("Authorization", Optional.of(basic()))),
                                url);
            case OCI -> throw new IllegalStateException("the registry API needs no provider");
        };
    }

    private Optional<String> token(String variable) {
        return access.apiToken()
                .map(Secret::value)
                .or(() -> Optional.ofNullable(environment.get(variable))
                        .filter(t -> !t.isBlank())
                        .map(t -> new Secret(t).value()));
    }

    private String basic() {
        return "Basic "
                + Base64.getEncoder()
                        .encodeToString((access.username().orElseThrow() + ":"
                                        + access.password().orElseThrow().value())
                                .getBytes(StandardCharsets.UTF_8));
    }

    /** Docker Hub's bearer: {@code POST /v2/auth/token} with the username and password (or token); again on 401. */
    private ProviderHttp.Auth hubLogin(String url, RetryPolicy policy) {
        ProviderHttp login = new ProviderHttp(
                "Docker Hub's login", policy, deadline, ProviderHttp.Auth.fixed("Authorization", Optional.empty()));
        AtomicReference<String> bearer = new AtomicReference<>();
        return new ProviderHttp.Auth() {
            @Override
            public Optional<String> header() {
                if (bearer.get() == null) {
                    renew();
                }
                return Optional.of("Bearer " + bearer.get());
            }

            @Override
            public String headerName() {
                return "Authorization";
            }

            @Override
            public boolean renew() {
                String body = ProviderHttp.JSON
                        .createObjectNode()
                        .put("identifier", access.username().orElseThrow())
                        .put("secret", access.password().orElseThrow().value())
                        .toString();
                ProviderHttp.Answer answer = login.post(url + "/v2/auth/token", body);
                if (!answer.ok()) {
                    throw login.failure(
                            "POST " + url + "/v2/auth/token", answer, "check registry.username and registry.password");
                }
                String token = answer.json("POST " + url + "/v2/auth/token")
                        .path("access_token")
                        .asText("");
                if (token.isEmpty()) {
                    throw new RegistryException(
                            "POST " + url + "/v2/auth/token", answer.code(), null, "Docker Hub gave no access_token");
                }
                bearer.set(new Secret(token).value());
                return true;
            }
        };
    }

    /** A provider that lacks what it needs: nothing is deleted, and the plan says why. */
    private record Refusing(ProviderApi api, String why) implements Deleter {
        @Override
        public DeleteSupport support(RepositoryClient repository) {
            return DeleteSupport.impossible(api.key(), why);
        }

        @Override
        public Deletions delete(RepositoryClient repository, Map<Digest, List<String>> doomed) {
            throw new IllegalStateException(why);
        }

        @Override
        public Optional<String> untag(RepositoryClient repository, String tag, Digest digest, String mediaType) {
            return Optional.of(why);
        }
    }
}
