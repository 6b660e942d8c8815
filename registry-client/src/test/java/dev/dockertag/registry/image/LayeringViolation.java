package dev.dockertag.registry.image;

import dev.dockertag.registry.RegistryClient;

/** A model class that uses the client: what ArchitectureTest must refuse (never used otherwise). */
public final class LayeringViolation {

    private LayeringViolation() {}

    public static String host(RegistryClient client) {
        return client.toString();
    }
}
