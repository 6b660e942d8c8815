package dev.dockertag.resource.protocol;

import com.fasterxml.jackson.annotation.JsonProperty;

/** One line of the metadata Concourse shows next to a version. */
public record MetadataField(@JsonProperty("name") String name, @JsonProperty("value") String value) {
}
