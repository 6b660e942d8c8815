package dev.dockertag.resource.protocol;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** What {@code out} reads: the source and what to push. */
@RegisterForReflection
public record OutRequest(@JsonProperty("source") Source source, @JsonProperty("params") Params params) {

    /** {@code put} params; paths are relative to the build's directory ({@code $1}). */
    public record Params(@JsonProperty("image") String image,
                         @JsonProperty("promote") String promote,
                         @JsonProperty("commit_file") String commitFile,
                         @JsonProperty("additional_tags") String additionalTags,
                         @JsonProperty("tag_prefix") String tagPrefix) {
    }

    public Params paramsOrDefault() {
        return params == null ? new Params(null, null, null, null, null) : params;
    }
}
