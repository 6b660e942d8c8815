package dev.dockertag.registry.image;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** The platform of an index entry: {@code {"architecture": "arm64", "os": "linux", "variant": "v8"}}. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Platform(
        @JsonProperty("architecture") String architecture,
        @JsonProperty("os") String os,
        @JsonProperty("os.version") String osVersion,
        @JsonProperty("os.features") List<String> osFeatures,
        @JsonProperty("variant") String variant) {

    /** What a Concourse worker runs: linux/amd64. */
    public static final Platform LINUX_AMD64 = of("linux", "amd64", null);

    public static Platform of(String os, String architecture, String variant) {
        return new Platform(architecture, os, null, null, variant);
    }

    /**
     * True when an index entry with this platform can serve {@code wanted}: same os and architecture, and the same
     * variant when {@code wanted} names one.
     */
    public boolean satisfies(Platform wanted) {
        return Objects.equals(os, wanted.os())
                && Objects.equals(architecture, wanted.architecture())
                && (wanted.variant() == null || Objects.equals(variant, wanted.variant()));
    }

    /**
     * The entry of an index for {@code wanted}: the first that satisfies it; entries without a platform (attestations,
     * signatures) never match.
     */
    public static Optional<Descriptor> select(ImageIndex index, Platform wanted) {
        return index.manifestsOrEmpty().stream()
                .filter(d -> d.platform() != null && d.platform().satisfies(wanted))
                .findFirst();
    }

    @Override
    public String toString() {
        return os + "/" + architecture + (variant == null ? "" : "/" + variant);
    }
}
