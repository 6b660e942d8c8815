package dev.dockertag.reaper.survey;

import dev.dockertag.reaper.config.ReaperConfig.RegistryAccess;
import dev.dockertag.registry.Deadline;
import dev.dockertag.registry.RegistryClient;
import dev.dockertag.registry.RequestObserver;
import dev.dockertag.registry.RetryPolicy;
import dev.dockertag.registry.auth.Credentials;
import dev.dockertag.registry.auth.CredentialsProvider;
import dev.dockertag.registry.auth.DockerConfigCredentials;

/** The one registry client of a run, from {@code registry:} (or docker's {@code config.json}). */
public final class RegistryConnection {

    private RegistryConnection() {}

    /** The client, bound by {@code deadline}: the run's calls in flight when it passes are cancelled. */
    public static RegistryClient open(RegistryAccess access, RequestObserver observer, Deadline deadline) {
        CredentialsProvider credentials = access.username().isPresent()
                ? CredentialsProvider.of(new Credentials(
                        access.username().get(), access.password().orElseThrow().value()))
                : DockerConfigCredentials.fromEnvironment();
        return RegistryClient.builder()
                .credentials(credentials)
                .allowPlainHttp(access.insecure())
                .caCertificates(access.caCerts())
                .retryPolicy(RetryPolicy.DEFAULT)
                .deadline(deadline)
                .userAgent("reaper/0.1")
                .observer(observer)
                .build();
    }
}
