package dev.dockertag.registry.auth;

import java.util.Optional;

/** Finds the credentials for a registry host ({@code host[:port]}, as in an image reference). */
@FunctionalInterface
public interface CredentialsProvider {

    /** No credentials anywhere: anonymous pulls and anonymous tokens only. */
    CredentialsProvider ANONYMOUS = host -> Optional.empty();

    Optional<Credentials> credentialsFor(String registryHost);

    /** The same credentials for every host (the resource talks to one registry per source). */
    static CredentialsProvider of(Credentials credentials) {
        return host -> Optional.of(credentials);
    }

    /** This provider's answer, else the other's. */
    default CredentialsProvider orElse(CredentialsProvider other) {
        return host -> credentialsFor(host).or(() -> other.credentialsFor(host));
    }
}
