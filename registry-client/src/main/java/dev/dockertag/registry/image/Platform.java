package dev.dockertag.registry.image;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Objects;

/** The platform of an index entry: {@code {"architecture": "arm64", "os": "linux", "variant": "v8"}}. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Platform(
        @JsonProperty("architecture") String architecture,
        @JsonProperty("os") String os,
        @JsonProperty("os.version") String osVersion,
        @JsonProperty("os.features") List<String> osFeatures,
        @JsonProperty("variant") String variant) {

    public static final Platform LINUX_AMD64 = of("linux", "amd64", null);

    public static Platform of(String os, String architecture, String variant) {
        return new Platform(architecture, os, null, null, variant);
    }

    /** Parses {@code os/arch[/variant]}, e.g. {@code linux/arm64/v8}. */
    public static Platform parse(String value) {
        String[] parts = value == null ? new String[0] : value.split("/");
        if (parts.length < 2 || parts.length > 3 || parts[0].isBlank() || parts[1].isBlank()) {
            throw new IllegalArgumentException("invalid platform '" + value + "': expected os/architecture[/variant]");
        }
        return of(parts[0], parts[1], parts.length == 3 ? parts[2] : null);
    }

    /** True when {@code candidate} satisfies this wanted platform (a missing variant matches any). */
    public boolean matches(Platform candidate) {
        return candidate != null
                && Objects.equals(os, candidate.os())
                && Objects.equals(architecture, candidate.architecture())
                && (variant == null || variant.equals(candidate.variant()));
    }

    @Override
    public String toString() {
        return os + "/" + architecture + (variant == null ? "" : "/" + variant);
    }
}
