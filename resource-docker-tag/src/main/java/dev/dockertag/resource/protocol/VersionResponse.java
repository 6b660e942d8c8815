package dev.dockertag.resource.protocol;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;

/** What {@code in} and {@code out} print: the version and metadata about it. */
@RegisterForReflection
public record VersionResponse(Version version, List<MetadataField> metadata) {}
