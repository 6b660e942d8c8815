package dev.dockertag.resource.protocol;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * A version of the resource: a tag and the digest it pointed at. Both are strings, as Concourse requires. The digest is
 * what {@code in} pulls; the tag says which tag that digest was seen under.
 */
@RegisterForReflection
public record Version(String tag, String digest) {}
