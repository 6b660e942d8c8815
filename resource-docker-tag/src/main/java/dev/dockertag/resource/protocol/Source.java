package dev.dockertag.resource.protocol;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;
import java.util.Optional;

/**
 * The resource's {@code source}, key for key as in the README's table (each component's key is its
 * name in snake case: see {@link Payloads}). Decoded strictly: an unknown key or a value of the wrong
 * type is an error naming it.
 */
@RegisterForReflection
public record Source(
        String repository,
        String branch,
        String tag,
        String fallbackBranch,
        String tagRegex,
        String sort,
        String username,
        String password,
        Boolean insecure,
        List<String> caCerts,
        PlatformSpec platform,
        Boolean debug,
        String timeout) {

    /** {@code source.platform}: which image of a multi-platform index {@code in} unpacks. */
    public record PlatformSpec(
            String os,
            String architecture,
            String variant) {
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
