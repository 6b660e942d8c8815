package dev.dockertag.resource.protocol;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** One line of the metadata Concourse shows next to a version. */
@RegisterForReflection
public record MetadataField(@JsonProperty("name") String name, @JsonProperty("value") String value) {
}
