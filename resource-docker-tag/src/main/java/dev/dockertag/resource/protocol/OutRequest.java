package dev.dockertag.resource.protocol;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** What {@code out} reads: the source and what to push. */
@RegisterForReflection
public record OutRequest(Source source, Params params) {

    /**
     * {@code put} params; paths are relative to the build's directory ({@code $1}). {@code version} and
     * {@code bumpAliases} are registry-image's.
     */
    public record Params(
            String image,
            String promote,
            String commitFile,
            String additionalTags,
            String tagPrefix,
            String version,
            Boolean bumpAliases) {}

    public Params paramsOrDefault() {
        return params == null ? new Params(null, null, null, null, null, null, null) : params;
    }
}
