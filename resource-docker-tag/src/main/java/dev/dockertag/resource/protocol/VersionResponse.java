package dev.dockertag.resource.protocol;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;

/** What {@code in} and {@code out} print: the version and metadata about it. */
@RegisterForReflection
public record VersionResponse(@JsonProperty("version") Version version,
                              @JsonProperty("metadata") List<MetadataField> metadata) {
}
