package dev.dockertag.resource.protocol;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** One line of the metadata Concourse shows next to a version. */
@RegisterForReflection
public record MetadataField(String name, String value) {}
