package dev.dockertag.resource.protocol;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;
import java.util.Optional;

/**
 * The resource's {@code source}, key for key as in the README's table. Decoded strictly: an unknown
 * key or a value of the wrong type is an error naming it.
 */
@RegisterForReflection
public record Source(
        @JsonProperty("repository") String repository,
        @JsonProperty("branch") String branch,
        @JsonProperty("tag") String tag,
        @JsonProperty("fallback_branch") String fallbackBranch,
        @JsonProperty("tag_regex") String tagRegex,
        @JsonProperty("sort") String sort,
        @JsonProperty("username") String username,
        @JsonProperty("password") String password,
        @JsonProperty("insecure") Boolean insecure,
        @JsonProperty("ca_certs") List<String> caCerts,
        @JsonProperty("platform") PlatformSpec platform,
        @JsonProperty("debug") Boolean debug,
        @JsonProperty("timeout") String timeout) {

    /** {@code source.platform}: which image of a multi-platform index {@code in} unpacks. */
    public record PlatformSpec(
            @JsonProperty("os") String os,
            @JsonProperty("architecture") String architecture,
            @JsonProperty("variant") String variant) {
    }

    public boolean isInsecure() {
        return Boolean.TRUE.equals(insecure);
    }

    public boolean isDebug() {
        return Boolean.TRUE.equals(debug);
    }

    public List<String> caCertsOrEmpty() {
        return caCerts == null ? List.of() : caCerts;
    }

    public Optional<String> branchName() {
        return Optional.ofNullable(branch).filter(b -> !b.isBlank());
    }

    public Optional<String> fallbackBranchName() {
        return Optional.ofNullable(fallbackBranch).filter(b -> !b.isBlank());
    }

    /** The source with its password hidden, for debug output. */
    @Override
    public String toString() {
        return "Source[repository=" + repository + ", branch=" + branch + ", tag=" + tag + ", fallback_branch="
                + fallbackBranch + ", tag_regex=" + tagRegex + ", sort=" + sort + ", username=" + username
                + ", password=" + (password == null ? "null" : "****") + ", insecure=" + insecure + ", ca_certs="
                + caCertsOrEmpty().size() + " certificate(s), platform=" + platform + ", debug=" + debug + ", timeout=" + timeout + "]";
    }
}
