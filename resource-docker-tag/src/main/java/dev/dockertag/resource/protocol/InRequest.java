package dev.dockertag.resource.protocol;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** What {@code in} reads: the version to fetch and how. */
@RegisterForReflection
public record InRequest(@JsonProperty("source") Source source, @JsonProperty("version") Version version,
                        @JsonProperty("params") Params params) {

    /** {@code get} params. */
    public record Params(@JsonProperty("format") String format,
                         @JsonProperty("skip_download") Boolean skipDownload) {
    }

    public Params paramsOrDefault() {
        return params == null ? new Params(null, null) : params;
    }
}
