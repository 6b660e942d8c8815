package dev.dockertag.resource.protocol;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** What {@code in} reads: the version to fetch and how. */
@RegisterForReflection
public record InRequest(Source source, Version version, Params params) {

    /** {@code get} params; {@code platform}, as registry-image has it, overrides {@code source.platform}. */
    public record Params(String format, Boolean skipDownload, Source.PlatformSpec platform) {}

    public Params paramsOrDefault() {
        return params == null ? new Params(null, null, null) : params;
    }
}
