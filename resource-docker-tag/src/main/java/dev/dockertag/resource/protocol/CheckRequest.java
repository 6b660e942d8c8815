package dev.dockertag.resource.protocol;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** What {@code check} reads: the source and, after the first check, the latest version seen. */
@RegisterForReflection
public record CheckRequest(Source source, Version version) {}
