package dev.dockertag.registry;

import dev.dockertag.registry.image.Digest;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A parsed image reference {@code [host[:port]/]path[:tag][@digest]}, normalised the way Docker does: no host means
 * Docker Hub ({@code index.docker.io}) and a one-component path there gets {@code library/}.
 *
 * <pre>{@code
 * ImageReference.parse("ubuntu")                  -> index.docker.io/library/ubuntu (tag and digest empty)
 * ImageReference.parse("127.0.0.1:5000/acme/app:v1")
 * ImageReference.parse("ghcr.io/acme/app@sha256:...")
 * }</pre>
 */
public record ImageReference(String registry, String repository, Optional<String> tag, Optional<Digest> digest) {

    /** Docker Hub's canonical registry host, as Docker normalises it. */
    public static final String DOCKER_HUB = "index.docker.io";
    /** Where Docker Hub's API really lives; requests for {@link #DOCKER_HUB} go here. */
    public static final String DOCKER_HUB_API = "registry-1.docker.io";

    // distribution/reference grammar
    private static final Pattern PATH_COMPONENT = Pattern.compile("[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*");
    private static final Pattern TAG = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");
    private static final String DOMAIN_LABEL = "[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?";
    private static final Pattern HOST = Pattern.compile(
            "(?:" + DOMAIN_LABEL + "(?:\\." + DOMAIN_LABEL + ")*" + "|\\[[0-9A-Fa-f:]+\\])(?::[0-9]{1,5})?");

    public ImageReference {
        Objects.requireNonNull(registry, "registry");
        Objects.requireNonNull(repository, "repository");
        Objects.requireNonNull(tag, "tag");
        Objects.requireNonNull(digest, "digest");
        tag.ifPresent(t -> requireValidTag(t));
    }

    /** Parses and validates a reference; errors name the value and what is wrong with it. */
    public static ImageReference parse(String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("invalid image reference '': it is empty");
        }
        String rest = value.trim();
        Optional<Digest> digest = Optional.empty();
        int at = rest.indexOf('@');
        if (at >= 0) {
            try {
                digest = Optional.of(Digest.parse(rest.substring(at + 1)));
            } catch (IllegalArgumentException e) {
                throw invalid(value, e.getMessage());
            }
            rest = rest.substring(0, at);
        }
        Optional<String> tag = Optional.empty();
        int lastSlash = rest.lastIndexOf('/');
        int colon = rest.lastIndexOf(':');
        if (colon > lastSlash) {
            tag = Optional.of(rest.substring(colon + 1));
            rest = rest.substring(0, colon);
            if (!TAG.matcher(tag.get()).matches()) {
                throw invalid(value, "tag '" + tag.get() + "' must match [A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");
            }
        }
        String registry = DOCKER_HUB;
        String path = rest;
        if (namesRegistry(rest)) {
            int slash = rest.indexOf('/');
            registry = rest.substring(0, slash);
            path = rest.substring(slash + 1);
        }
        if (!HOST.matcher(registry).matches()) {
            throw invalid(value, "registry host '" + registry + "' is not a valid host[:port]");
        }
        registry = normaliseRegistry(registry);
        if (registry.equals(DOCKER_HUB) && !path.contains("/")) {
            path = "library/" + path;
        }
        if (path.isEmpty()) {
            throw invalid(value, "repository path is empty");
        }
        for (String component : path.split("/", -1)) {
            if (!PATH_COMPONENT.matcher(component).matches()) {
                throw invalid(
                        value,
                        "path component '" + component
                                + "' must be lower-case letters and digits, separated by '.', '_', '__' or '-'");
            }
        }
        if (registry.length() + 1 + path.length() > 255) {
            throw invalid(value, "name is longer than 255 characters");
        }
        return new ImageReference(registry, path, tag, digest);
    }

    /**
     * Whether a reference names its registry: its first path component is a host (has a {@code .} or {@code :}, is
     * {@code localhost} or an IPv6 literal). Otherwise it means Docker Hub.
     */
    public static boolean namesRegistry(String reference) {
        int slash = reference.indexOf('/');
        if (slash <= 0) {
            return false;
        }
        String first = reference.substring(0, slash);
        return first.contains(".") || first.contains(":") || first.equals("localhost") || first.startsWith("[");
    }

    private static String normaliseRegistry(String host) {
        String lower = host.toLowerCase(Locale.ROOT);
        return switch (lower) {
            case "docker.io", "registry-1.docker.io", "registry.hub.docker.com" -> DOCKER_HUB;
            default -> host;
        };
    }

    private static IllegalArgumentException invalid(String value, String why) {
        return new IllegalArgumentException("invalid image reference '" + value + "': " + why);
    }

    /** Throws when the tag is not valid per the distribution spec. */
    public static String requireValidTag(String tag) {
        if (tag == null || !TAG.matcher(tag).matches()) {
            throw new IllegalArgumentException(
                    "invalid tag '" + tag + "': must match [A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");
        }
        return tag;
    }

    public static boolean isValidTag(String tag) {
        return tag != null && TAG.matcher(tag).matches();
    }

    /** The host to send API requests to (Docker Hub's API host differs from its canonical name). */
    public String apiHost() {
        return registry.equals(DOCKER_HUB) ? DOCKER_HUB_API : registry;
    }

    /** The same repository with another tag and no digest. */
    public ImageReference withTag(String newTag) {
        return new ImageReference(registry, repository, Optional.of(newTag), Optional.empty());
    }

    /** The same repository with a digest and no tag. */
    public ImageReference withDigest(Digest newDigest) {
        return new ImageReference(registry, repository, Optional.empty(), Optional.of(newDigest));
    }

    /** The digest if there is one, else the tag, else {@code latest}. */
    public String reference() {
        return digest.map(Digest::toString).orElseGet(() -> tag.orElse("latest"));
    }

    /** {@code host/path} without tag or digest. */
    public String name() {
        return registry + "/" + repository;
    }

    @Override
    public String toString() {
        return name()
                + tag.map(t -> ":" + t).orElse("")
                + digest.map(d -> "@" + d).orElse("");
    }
}
