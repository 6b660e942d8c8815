package dev.dockertag.resource.protocol;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * A version of the resource: a tag and the digest it pointed at. Both are strings, as Concourse
 * requires. The digest is what {@code in} pulls; the tag says which tag that digest was seen under.
 */
@RegisterForReflection
public record Version(@JsonProperty("tag") String tag, @JsonProperty("digest") String digest) {
}
