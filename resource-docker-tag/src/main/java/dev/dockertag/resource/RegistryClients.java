package dev.dockertag.resource;

import dev.dockertag.registry.Deadline;
import dev.dockertag.registry.RegistryClient;
import dev.dockertag.registry.RetryPolicy;
import dev.dockertag.registry.auth.AuthHints;
import dev.dockertag.registry.auth.Credentials;
import dev.dockertag.registry.auth.CredentialsProvider;
import dev.dockertag.resource.auth.CloudLogin;
import dev.dockertag.resource.protocol.Source;
import dev.dockertag.resource.script.Log;
import dev.dockertag.resource.source.Settings;
import java.time.Duration;

/**
 * The registry clients a script run uses, as its source says: TLS, plain HTTP, credentials (or a cloud login), the
 * run's retries and deadline, the remembered auth challenges, and a debug line per request (method, URL, status; never
 * headers).
 */
final class RegistryClients {

    private RegistryClients() {}

    /** The client for the source's repository; one per process. */
    static RegistryClient origin(Settings settings, Log log, RetryPolicy retries, Deadline deadline) {
        return builder(settings, log, deadline, retries)
                .credentials(CloudLogin.credentials(settings.source(), settings.repository(), log::redact))
                .build();
    }

    /** A client for the source's {@code registry_mirror}, with its own credentials, bound by the same deadline. */
    static RegistryClient mirror(Settings settings, Log log, RetryPolicy retries, Deadline deadline) {
        Source.Mirror mirror = settings.source().registryMirror();
        return builder(settings, log, deadline, retries)
                .credentials(
                        mirror.username() == null
                                ? CredentialsProvider.ANONYMOUS
                                : CredentialsProvider.of(new Credentials(mirror.username(), mirror.password())))
                .build();
    }

    private static RegistryClient.Builder builder(Settings settings, Log log, Deadline deadline, RetryPolicy retries) {
        Duration stall = stallLimit(deadline.budget().orElse(Duration.ofHours(1)));
        Duration connect = stall.compareTo(Duration.ofSeconds(30)) < 0 ? stall : Duration.ofSeconds(30);
        return RegistryClient.builder()
                .allowPlainHttp(settings.source().isInsecure())
                .caCertificates(settings.source().caCertsOrEmpty())
                .retryPolicy(retries)
                .deadline(deadline)
                .timeouts(connect, stall)
                .userAgent("resource-docker-tag/0.1")
                .authHints(AuthHints.inFile(Settings.cacheDirectory().resolve("auth-hints.json")))
                .observer((method, url, status, millis) -> log.debug(
                        method + " " + url + " -> " + (status < 0 ? "no answer" : status) + " (" + millis + " ms)"));
    }

    /**
     * How long one exchange may go without progress (no byte read or written, no connection made) before it counts as a
     * failed attempt: 60 seconds, or a quarter of a shorter deadline so that a retry still fits in it.
     */
    static Duration stallLimit(Duration deadline) {
        Duration quarter = deadline.dividedBy(4);
        Duration limit = Duration.ofSeconds(60);
        return quarter.compareTo(limit) < 0 ? quarter : limit;
    }
}
