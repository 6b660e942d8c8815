package dev.dockertag.resource.source;

import dev.dockertag.failures.HintedException;
import dev.dockertag.registry.BranchNaming;
import dev.dockertag.registry.ImageReference;
import dev.dockertag.registry.image.Platform;
import dev.dockertag.resource.auth.CloudLogin;
import dev.dockertag.resource.protocol.Source;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A {@link Source} checked and turned into what the commands use. Every error names the {@code source.*} key to change.
 */
public record Settings(
        Source source,
        ImageReference repository,
        Tracking tracking,
        Platform platform,
        Optional<Duration> timeout,
        MetadataKeys metadataKeys) {

    /**
     * Which image labels and manifest annotations {@code in} shows as metadata ({@code label_regex},
     * {@code annotation_regex}; unanchored): every one when no regex is set.
     */
    public record MetadataKeys(Optional<Pattern> labels, Optional<Pattern> annotations) {
        public boolean showsLabel(String key) {
            return labels.map(p -> p.matcher(key).find()).orElse(true);
        }

        public boolean showsAnnotation(String key) {
            return annotations.map(p -> p.matcher(key).find()).orElse(true);
        }
    }

    public static Settings of(Source source) {
        if (source == null || source.repository() == null || source.repository().isBlank()) {
            throw new HintedException(
                    "source.repository is required",
                    "set it to the image repository, e.g. registry.example.com/acme/app");
        }
        checkLogins(source);
        ImageReference repository;
        try {
            repository = ImageReference.parse(ecrRepository(source));
        } catch (IllegalArgumentException e) {
            throw new HintedException("source.repository: " + e.getMessage());
        }
        if (repository.tag().isPresent() || repository.digest().isPresent()) {
            throw new HintedException(
                    "source.repository '" + source.repository() + "' includes a tag or digest",
                    "give the repository alone and the tag in source.tag");
        }
        if ((source.username() == null) != (source.password() == null)) {
            throw new HintedException("source.username and source.password must be given together");
        }
        return new Settings(
                source,
                repository,
                tracking(source),
                platform(source),
                timeout(source),
                new MetadataKeys(
                        regex("source.label_regex", source.labelRegex()),
                        regex("source.annotation_regex", source.annotationRegex())));
    }

    private static Optional<Pattern> regex(String key, String value) {
        if (value == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Pattern.compile(value));
        } catch (PatternSyntaxException e) {
            throw new HintedException(
                    key + " is not a valid regular expression: " + e.getDescription() + " near index " + e.getIndex());
        }
    }

    /**
     * One way to log in: {@code username}/{@code password}, the {@code aws_*} keys (ECR) or {@code azure_acr} (ACR);
     * each with what it needs.
     */
    private static void checkLogins(Source source) {
        boolean basic = source.username() != null || source.password() != null;
        if (basic && source.isEcr()) {
            throw new HintedException(
                    "source.username/password and the source.aws_* keys are exclusive",
                    "with the aws_* keys the password comes from ECR; drop username and password");
        }
        if (basic && source.isAcr()) {
            throw new HintedException(
                    "source.username/password and source.azure_acr are exclusive",
                    "with azure_acr the password comes from Entra ID; drop username and password");
        }
        if (source.isEcr() && source.isAcr()) {
            throw new HintedException("source.aws_* and source.azure_acr are exclusive");
        }
        if (source.isEcr()) {
            if (source.awsRegion() == null || source.awsRegion().isBlank()) {
                throw new HintedException(
                        "source.aws_region is required with the source.aws_* keys",
                        "the region of the ECR registry, e.g. eu-west-1");
            }
            if ((source.awsAccessKeyId() == null) != (source.awsSecretAccessKey() == null)) {
                throw new HintedException(
                        "source.aws_access_key_id and source.aws_secret_access_key must be given" + " together",
                        "or neither, to use the worker's AWS credentials");
            }
            if (source.awsSessionToken() != null && source.awsAccessKeyId() == null) {
                throw new HintedException("source.aws_session_token needs source.aws_access_key_id and"
                        + " source.aws_secret_access_key");
            }
            if (source.awsRoleArn() != null && source.awsRoleArns() != null) {
                throw new HintedException(
                        "source.aws_role_arn and source.aws_role_arns are exclusive",
                        "put a single role in aws_role_arn, a chain in aws_role_arns");
            }
            for (String role : source.awsRoleChain()) {
                if (!role.startsWith("arn:")) {
                    throw new HintedException(
                            "source.aws_role_arn(s): '" + role + "' is not a role ARN",
                            "e.g. arn:aws:iam::123456789012:role/ecr-pull");
                }
            }
        }
        Source.Mirror mirror = source.registryMirror();
        if (mirror != null) {
            if (mirror.host() == null
                    || mirror.host().isBlank()
                    || mirror.host().contains("/")) {
                throw new HintedException(
                        "source.registry_mirror.host must be the mirror's host[:port]",
                        "e.g. mirror.gcr.io or registry-mirror.example.com:5000, without scheme or path");
            }
            if ((mirror.username() == null) != (mirror.password() == null)) {
                throw new HintedException("source.registry_mirror.username and .password must be given together");
            }
        }
        CloudLogin.check(source);
        if (!source.isAcr()
                && (source.azureClientId() != null
                        || source.azureClientSecret() != null
                        || source.azureTenantId() != null
                        || source.azureEnvironment() != null)) {
            throw new HintedException("source.azure_* keys need source.azure_acr: true");
        }
    }

    /**
     * The repository; with the {@code aws_*} keys and {@code aws_account_id}, a bare name ({@code my-app}, as
     * registry-image takes it) is made {@code <account>.dkr.ecr.<region>.amazonaws.com/my-app}.
     */
    private static String ecrRepository(Source source) {
        String repository = source.repository();
        if (!source.isEcr()) {
            return repository;
        }
        if (source.awsAccountId() == null) {
            if (!ImageReference.namesRegistry(repository)) {
                throw new HintedException(
                        "source.repository '" + repository + "' names no registry, and with the"
                                + " source.aws_* keys that cannot mean Docker Hub",
                        "give source.aws_account_id, or the whole" + " <account>.dkr.ecr.<region>.amazonaws.com/"
                                + repository);
            }
            return repository;
        }
        return ImageReference.namesRegistry(repository)
                ? repository
                : CloudLogin.ecrHost(source.awsAccountId(), source.awsRegion()) + "/" + repository;
    }

    /** {@code source.timeout}, checked; empty when not set (each script has a default). */
    private static Optional<Duration> timeout(Source source) {
        if (source.timeout() == null) {
            return Optional.empty();
        }
        Duration budget;
        try {
            budget = ConcourseDuration.parse(source.timeout());
        } catch (IllegalArgumentException e) {
            throw new HintedException("source.timeout: " + e.getMessage());
        }
        if (budget.isZero()) {
            throw new HintedException("source.timeout must be longer than 0");
        }
        return Optional.of(budget);
    }

    private static Tracking tracking(Source source) {
        List<String> modes = new ArrayList<>();
        if (source.branch() != null) {
            modes.add("source.branch");
        }
        if (source.tag() != null) {
            modes.add("source.tag");
        }
        if (source.tagRegex() != null) {
            modes.add("source.tag_regex");
        }
        if (modes.size() > 1) {
            throw new HintedException(String.join(" and ", modes) + " are exclusive; set only one");
        }
        if (source.fallbackBranch() != null && source.branch() == null) {
            throw new HintedException("source.fallback_branch only applies with source.branch");
        }
        if (source.sort() != null && source.tagRegex() == null) {
            throw new HintedException("source.sort only applies with source.tag_regex");
        }
        if (source.createdAtSort() != null && source.tagRegex() == null) {
            throw new HintedException("source.created_at_sort only applies with source.tag_regex");
        }
        if (Boolean.TRUE.equals(source.createdAtSort())
                && source.sort() != null
                && !source.sort().equals("created")) {
            throw new HintedException(
                    "source.created_at_sort: true and source.sort: " + source.sort() + " disagree",
                    "created_at_sort is registry-image's name for sort: created; keep one");
        }
        if (source.isSemverMode() && !modes.isEmpty()) {
            throw new HintedException(
                    "source.variant, semver_constraint, pre_releases and pre_release_prefixes"
                            + " select version tags, so they do not go with " + modes.get(0),
                    "drop " + modes.get(0) + " for registry-image's semver mode");
        }
        if (source.branch() != null) {
            return new Tracking.OneTag(
                    branchTag("source.branch", source.branch()),
                    source.fallbackBranch() == null
                            ? Optional.empty()
                            : Optional.of(branchTag("source.fallback_branch", source.fallbackBranch())));
        }
        if (source.tag() != null) {
            if (!ImageReference.isValidTag(source.tag())) {
                throw new HintedException(
                        "source.tag '" + source.tag() + "' is not a valid tag",
                        "a tag is up to 128 of [A-Za-z0-9_.-] and does not start with '.' or '-'");
            }
            return new Tracking.OneTag(source.tag(), Optional.empty());
        }
        if (source.tagRegex() != null) {
            Pattern regex;
            try {
                regex = Pattern.compile(source.tagRegex());
            } catch (PatternSyntaxException e) {
                throw new HintedException("source.tag_regex is not a valid regular expression: " + e.getDescription()
                        + " near index " + e.getIndex());
            }
            String sort =
                    source.sort() == null && Boolean.TRUE.equals(source.createdAtSort()) ? "created" : source.sort();
            // no sort: every match, as registry-image takes them, in natural order (registry-image keeps the
            // registry's listing order, which registries do not agree on)
            TagOrder order = sort == null
                    ? TagOrder.NATURAL
                    : TagOrder.parse(sort)
                            .orElseThrow(
                                    () -> new HintedException("source.sort must be one of semver, natural, created;"
                                            + " got '" + source.sort() + "'"));
            return new Tracking.MatchingTags(regex, order);
        }
        // None of them: registry-image's default, its semver mode (version tags, then latest), so that a
        // registry-image source with only a repository works unchanged.
        return semverTags(source);
    }

    private static Tracking semverTags(Source source) {
        if (source.preReleasePrefixes() != null && !Boolean.TRUE.equals(source.preReleases())) {
            throw new HintedException("source.pre_release_prefixes needs source.pre_releases: true");
        }
        if (source.variant() != null && !ImageReference.isValidTag(source.variant())) {
            throw new HintedException("source.variant '" + source.variant() + "' cannot be a tag suffix");
        }
        try {
            return new Tracking.SemverTags(new SemverSelection(
                    Optional.ofNullable(source.variant()),
                    Optional.ofNullable(source.semverConstraint()),
                    Boolean.TRUE.equals(source.preReleases()),
                    source.preReleasePrefixes() == null ? List.of() : source.preReleasePrefixes()));
        } catch (IllegalArgumentException e) {
            throw new HintedException("source.semver_constraint: " + e.getMessage());
        }
    }

    private static String branchTag(String key, String branch) {
        try {
            return BranchNaming.latestTag(branch);
        } catch (IllegalArgumentException e) {
            throw new HintedException(key + ": " + e.getMessage());
        }
    }

    private static Platform platform(Source source) {
        return source.platform() == null ? Platform.LINUX_AMD64 : platform(source.platform(), "source.platform");
    }

    /** A platform as a source or a get's params give it under {@code key}: os linux unless said. */
    public static Platform platform(Source.PlatformSpec p, String key) {
        String os = p.os() == null ? "linux" : p.os();
        if (p.architecture() == null || p.architecture().isBlank()) {
            throw new HintedException(key + ".architecture is required when " + key + " is set");
        }
        return Platform.of(os, p.architecture(), p.variant());
    }

    /**
     * The repository on {@code registry_mirror}, when the source names a Docker Hub image without naming the registry
     * (as the docker CLI uses a mirror): {@code <host>/<path>}, e.g. {@code mirror.example.com/library/ubuntu}. Check
     * and in read it first; out never does.
     */
    public Optional<ImageReference> mirror() {
        Source.Mirror mirror = source.registryMirror();
        if (mirror == null || ImageReference.namesRegistry(source.repository())) {
            return Optional.empty();
        }
        return Optional.of(
                new ImageReference(mirror.host(), repository.repository(), Optional.empty(), Optional.empty()));
    }

    /** The branch whose images this source pushes, when it follows one. */
    public Optional<String> branch() {
        return source.branchName();
    }

    /**
     * Where a check container keeps what it learnt for the next check (Concourse reuses it):
     * {@code $TMPDIR/resource-docker-tag}. Java ignores {@code TMPDIR} itself, hence the lookup.
     */
    public static Path cacheDirectory() {
        String tmp = System.getenv("TMPDIR");
        return Path.of(tmp == null || tmp.isBlank() ? System.getProperty("java.io.tmpdir") : tmp)
                .resolve("resource-docker-tag");
    }
}
