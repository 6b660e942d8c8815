package dev.dockertag.testsupport;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The registries the tests run against, each a real program: distribution 2.8 (Debian's {@code docker-registry}), the
 * registry users of the newer upstream run (distribution 3.1, from the Go module proxy) and olareg (an OCI 1.1 registry
 * with the referrers API, from the Go module proxy; deletion is off by default and on here, it has no authentication,
 * and its own garbage collection runs in the server). {@code bin/test} installs the two Go programs, pinned, and names
 * them in {@code DOCKERTAG_DISTRIBUTION3} and {@code DOCKERTAG_OLAREG}.
 *
 * <p>A test class picks one, or takes {@link #configured()}: the system property {@code dockertag.registry}
 * ({@code distribution-2.8}, the default; {@code distribution-3}; {@code olareg}), which lets {@code bin/test} run a
 * suite again on another registry.
 */
public enum RegistryKind {
    DISTRIBUTION_2_8("distribution-2.8", "REGISTRY_BIN", "/usr/bin/docker-registry"),
    DISTRIBUTION_3("distribution-3", "DOCKERTAG_DISTRIBUTION3", null),
    OLAREG("olareg", "DOCKERTAG_OLAREG", null);

    private final String id;
    private final String variable;
    private final String defaultBinary;

    RegistryKind(String id, String variable, String defaultBinary) {
        this.id = id;
        this.variable = variable;
        this.defaultBinary = defaultBinary;
    }

    /** The kind the system property {@code dockertag.registry} names; distribution 2.8 without it. */
    public static RegistryKind configured() {
        String name = System.getProperty("dockertag.registry", DISTRIBUTION_2_8.id);
        for (RegistryKind kind : values()) {
            if (kind.id.equals(name.toLowerCase(Locale.ROOT))) {
                return kind;
            }
        }
        throw new IllegalArgumentException("-Ddockertag.registry=" + name
                + ": not a registry the tests run (distribution-2.8, distribution-3, olareg)");
    }

    /** The program, from its environment variable or its default path. */
    public Path binary() {
        String set = System.getenv(variable);
        String path = set != null && !set.isBlank() ? set : defaultBinary;
        if (path == null || !Files.isExecutable(Path.of(path))) {
            throw new IllegalStateException(this + " is not installed: " + variable + "="
                    + (set == null ? "(unset)" : set)
                    + (this == DISTRIBUTION_2_8
                            ? " (apt-get install docker-registry)"
                            : " (bin/test installs it from the Go module proxy and sets " + variable + ")"));
        }
        return Path.of(path);
    }

    /** Whether this registry answers {@code GET /v2/<name>/referrers/<digest>} (OCI distribution 1.1). */
    public boolean hasReferrersApi() {
        return this == OLAREG;
    }

    /** Whether it takes an htpasswd file (olareg has no authentication). */
    public boolean hasBasicAuth() {
        return this != OLAREG;
    }

    boolean isDistribution() {
        return this != OLAREG;
    }

    @Override
    public String toString() {
        return id;
    }
}
