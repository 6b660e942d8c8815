package dev.dockertag.resource.protocol;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The resource's {@code source}, key for key as in the README's table (each component's key is its name in snake case:
 * see {@link Payloads}). Decoded strictly: an unknown key or a value of the wrong type is an error naming it.
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
        String timeout,
        String awsAccessKeyId,
        String awsSecretAccessKey,
        String awsSessionToken,
        String awsRegion,
        String awsRoleArn,
        List<String> awsRoleArns,
        String awsAccountId,
        Boolean azureAcr,
        String azureClientId,
        String azureClientSecret,
        String azureTenantId,
        String azureEnvironment,
        String labelRegex,
        String annotationRegex,
        String variant,
        String semverConstraint,
        Boolean preReleases,
        List<String> preReleasePrefixes,
        Boolean createdAtSort,
        Mirror registryMirror) {

    /** {@code source.registry_mirror}: where Docker Hub images are read first by check and in. */
    public record Mirror(String host, String username, String password) {
        @Override
        public String toString() {
            return "Mirror[host=" + host + ", username=" + username + ", password=" + hidden(password) + "]";
        }
    }

    /** {@code source.platform}: which image of a multi-platform index {@code in} unpacks. */
    public record PlatformSpec(String os, String architecture, String variant) {}

    public boolean isInsecure() {
        return Boolean.TRUE.equals(insecure);
    }

    public boolean isDebug() {
        return Boolean.TRUE.equals(debug);
    }

    /** Whether any {@code aws_*} key is set: the registry is ECR and the password comes from it. */
    public boolean isEcr() {
        return awsAccessKeyId != null
                || awsSecretAccessKey != null
                || awsSessionToken != null
                || awsRegion != null
                || awsRoleArn != null
                || awsRoleArns != null
                || awsAccountId != null;
    }

    /** Whether any key of registry-image's semver mode is set. */
    public boolean isSemverMode() {
        return variant != null || semverConstraint != null || preReleases != null || preReleasePrefixes != null;
    }

    public boolean isAcr() {
        return Boolean.TRUE.equals(azureAcr);
    }

    /** {@code aws_role_arn}, or {@code aws_role_arns}: the roles assumed one after the other. */
    public List<String> awsRoleChain() {
        List<String> chain = new ArrayList<>();
        if (awsRoleArn != null) {
            chain.add(awsRoleArn);
        }
        if (awsRoleArns != null) {
            chain.addAll(awsRoleArns);
        }
        return chain;
    }

    public List<String> caCertsOrEmpty() {
        return caCerts == null ? List.of() : caCerts;
    }

    public Optional<String> branchName() {
        return Optional.ofNullable(branch).filter(b -> !b.isBlank());
    }

    /** The source with its secrets hidden, for debug output. */
    @Override
    public String toString() {
        return "Source[repository=" + repository + ", branch=" + branch + ", tag=" + tag + ", fallback_branch="
                + fallbackBranch + ", tag_regex=" + tagRegex + ", sort=" + sort + ", username=" + username
                + ", password=" + hidden(password) + ", insecure=" + insecure + ", ca_certs="
                + caCertsOrEmpty().size() + " certificate(s), platform=" + platform + ", debug=" + debug
                + ", timeout=" + timeout + ", aws_access_key_id=" + awsAccessKeyId + ", aws_secret_access_key="
                + hidden(awsSecretAccessKey) + ", aws_session_token=" + hidden(awsSessionToken) + ", aws_region="
                + awsRegion + ", aws_role_arns=" + awsRoleChain() + ", aws_account_id=" + awsAccountId + ", azure_acr="
                + azureAcr + ", azure_client_id=" + azureClientId + ", azure_client_secret=" + hidden(azureClientSecret)
                + ", azure_tenant_id=" + azureTenantId + ", azure_environment=" + azureEnvironment + ", label_regex="
                + labelRegex + ", annotation_regex=" + annotationRegex + ", variant=" + variant + ", semver_constraint="
                + semverConstraint + ", pre_releases=" + preReleases + ", pre_release_prefixes=" + preReleasePrefixes
                + ", created_at_sort=" + createdAtSort + ", registry_mirror=" + registryMirror + "]";
    }

    private static String hidden(String secret) {
        return secret == null ? "null" : "****";
    }
}
