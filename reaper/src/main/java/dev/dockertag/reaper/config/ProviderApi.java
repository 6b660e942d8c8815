package dev.dockertag.reaper.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * How a registry deletes ({@code registry.api}): through the registry API itself, or through its provider's own API,
 * the only way GitHub's, Docker Hub's, GitLab's and Amazon's registries delete at all. Reading is always the registry
 * API's.
 */
public enum ProviderApi {
    OCI("oci", "the registry API (DELETE /v2/<name>/manifests/<digest>)", null),
    ECR("ecr", "ECR's BatchDeleteImage", null),
    GHCR("ghcr", "GitHub's packages API (package versions)", "https://api.github.com"),
    DOCKERHUB("dockerhub", "Docker Hub's API (tags)", "https://hub.docker.com"),
    GITLAB("gitlab", "GitLab's container registry API (tags)", "https://gitlab.com"),
    HARBOR("harbor", "Harbor's artifacts API", null);

    private static final Pattern ECR_HOST =
            Pattern.compile("\\d{12}\\.dkr\\.ecr(-fips)?\\.[a-z0-9-]+\\.amazonaws\\.com(\\.cn)?");

    private final String key;
    private final String description;
    private final String defaultUrl;

    ProviderApi(String key, String description, String defaultUrl) {
        this.key = key;
        this.description = description;
        this.defaultUrl = defaultUrl;
    }

    /** The name in {@code registry.api}. */
    public String key() {
        return key;
    }

    public String description() {
        return description;
    }

    /** The provider API's address when {@code registry.api_url} does not say (none for ECR, Harbor, OCI). */
    public Optional<String> defaultUrl() {
        return Optional.ofNullable(defaultUrl);
    }

    public static Optional<ProviderApi> named(String key) {
        return Arrays.stream(values())
                .filter(a -> a.key.equals(key.toLowerCase(Locale.ROOT)))
                .findFirst();
    }

    public static String names() {
        return String.join(", ", Arrays.stream(values()).map(ProviderApi::key).toList());
    }

    /**
     * The API a registry host unambiguously belongs to; {@link #OCI} for any other (a self-hosted GitLab or Harbor is
     * named with {@code registry.api}).
     */
    public static ProviderApi inferred(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        if (h.equals("ghcr.io")) {
            return GHCR;
        }
        if (h.equals("docker.io") || h.equals("registry-1.docker.io") || h.equals("index.docker.io")) {
            return DOCKERHUB;
        }
        if (h.equals("registry.gitlab.com")) {
            return GITLAB;
        }
        if (ECR_HOST.matcher(h).matches()) {
            return ECR;
        }
        return OCI;
    }
}
