package dev.dockertag.resource.auth;

import dev.dockertag.registry.ImageReference;
import dev.dockertag.registry.auth.Credentials;
import dev.dockertag.registry.auth.CredentialsProvider;
import dev.dockertag.resource.protocol.Source;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

/**
 * The credentials a source gives: ECR's (any {@code aws_*} key), ACR's ({@code azure_acr: true}),
 * {@code username}/{@code password}, or none. A cloud login runs once per process, on the registry's first challenge,
 * so a check that needs no credentials never calls the cloud.
 */
public final class CloudLogin {

    private CloudLogin() {}

    /** @param redact told every secret a login obtains (user, password), so no log line can show it */
    public static CredentialsProvider credentials(
            Source source, ImageReference repository, BiConsumer<String, String> redact) {
        if (source.isEcr()) {
            return once(() -> EcrLogin.login(source), redact);
        }
        if (source.isAcr()) {
            return once(() -> AcrLogin.login(source, repository, System.getenv()), redact);
        }
        if (source.username() == null || source.username().isEmpty()) {
            return CredentialsProvider.ANONYMOUS;
        }
        return CredentialsProvider.of(new Credentials(source.username(), source.password()));
    }

    private static CredentialsProvider once(Supplier<Credentials> login, BiConsumer<String, String> redact) {
        Credentials[] cached = new Credentials[1];
        return host -> {
            synchronized (cached) {
                if (cached[0] == null) {
                    cached[0] = login.get();
                    redact.accept(cached[0].username(), cached[0].secret());
                }
                return Optional.of(cached[0]);
            }
        };
    }

    /** Refuses ACR keys that cannot make a login, before any request (the ECR keys are checked by Settings). */
    public static void check(Source source) {
        if (source.isAcr()) {
            AcrLogin.check(source);
        }
    }

    /** The ECR registry host of an account and region ({@code <account>.dkr.ecr.<region>.amazonaws.com}). */
    public static String ecrHost(String accountId, String region) {
        return accountId + ".dkr.ecr." + region + ".amazonaws.com";
    }
}
