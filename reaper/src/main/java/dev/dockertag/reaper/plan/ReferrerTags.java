package dev.dockertag.reaper.plan;

import dev.dockertag.registry.image.Digest;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Tags that stand for what refers to an image rather than for an image: the OCI 1.1 referrers fallback tag
 * {@code sha256-<hex>} (an index listing the referrers of {@code sha256:<hex>}) and cosign's {@code sha256-<hex>.sig},
 * {@code .att} and {@code .sbom}. Their subject is in their name.
 */
public final class ReferrerTags {

    private static final Pattern TAG = Pattern.compile("sha256-([0-9a-f]{64})(?:\\.(sig|att|sbom))?");

    private ReferrerTags() {}

    /** The digest a referrer tag is about, or empty when the tag is not one. */
    public static Optional<Digest> subject(String tag) {
        Matcher m = TAG.matcher(tag);
        return m.matches() ? Optional.of(Digest.parse("sha256:" + m.group(1))) : Optional.empty();
    }

    /** Whether the tag is the referrers fallback tag (an index whose children are the referrers). */
    public static boolean isFallbackIndex(String tag) {
        Matcher m = TAG.matcher(tag);
        return m.matches() && m.group(2) == null;
    }

    /** What the tag holds, in words: "cosign signature", "referrers fallback index"... */
    public static String kind(String tag) {
        Matcher m = TAG.matcher(tag);
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + tag + "' is not a referrer tag");
        }
        return m.group(2) == null
                ? "referrers fallback index"
                : switch (m.group(2)) {
                    case "sig" -> "cosign signature";
                    case "att" -> "cosign attestation";
                    default -> "cosign SBOM";
                };
    }
}
