package dev.dockertag.registry;

import dev.dockertag.registry.image.Digest;

/**
 * Content whose digest or size is not what was asked for: corrupt, truncated or substituted. Never retried silently.
 */
public class DigestMismatchException extends RegistryException {

    private final Digest expected;
    private final Digest actual;

    public DigestMismatchException(String action, Digest expected, Digest actual, long bytes) {
        super(
                action,
                0,
                "DIGEST_INVALID",
                Kind.DIGEST_MISMATCH,
                "content has digest " + actual + " (" + bytes + " bytes), not " + expected,
                null);
        this.expected = expected;
        this.actual = actual;
    }

    public Digest expected() {
        return expected;
    }

    public Digest actual() {
        return actual;
    }
}
