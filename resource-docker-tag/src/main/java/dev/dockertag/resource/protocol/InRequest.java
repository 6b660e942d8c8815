package dev.dockertag.resource.protocol;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** What {@code in} reads: the version to fetch and how. */
@RegisterForReflection
public record InRequest(Source source, Version version, Params params) {

    /** {@code get} params. */
    public record Params(String format, Boolean skipDownload) {}

    public Params paramsOrDefault() {
        return params == null ? new Params(null, null) : params;
    }
}
