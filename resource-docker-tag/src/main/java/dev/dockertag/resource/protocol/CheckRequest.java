package dev.dockertag.resource.protocol;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** What {@code check} reads: the source and, after the first check, the latest version seen. */
@RegisterForReflection
public record CheckRequest(@JsonProperty("source") Source source, @JsonProperty("version") Version version) {
}
