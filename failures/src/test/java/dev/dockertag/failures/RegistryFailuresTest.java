package dev.dockertag.failures;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dockertag.failures.RegistryFailures.Keys;
import dev.dockertag.registry.DigestMismatchException;
import dev.dockertag.registry.RegistryException;
import dev.dockertag.registry.RegistryException.Kind;
import dev.dockertag.registry.image.Digest;
import java.net.ConnectException;
import java.net.SocketException;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;

/** Every row of the failure table, exactly, with the resource's keys and the reaper's. */
class RegistryFailuresTest {

    private static final String ACTION = "push r.example/acme/app:v1";

    private static RegistryException status(int status) {
        return new RegistryException(ACTION, status, null, "refused");
    }

    private static RegistryException noAnswer(Kind kind, Exception cause) {
        return new RegistryException(ACTION, kind, cause.getMessage(), cause);
    }

    @Test
    void forbiddenIsNotUnauthorized() {
        assertThat(RegistryFailures.hint(status(403), Keys.RESOURCE))
                .hasValue("the credentials in source.username are not allowed to do this in source.repository");
        assertThat(RegistryFailures.hint(status(403), Keys.REAPER))
                .hasValue("the credentials in registry.username are not allowed to do this in repositories");
        assertThat(RegistryFailures.hint(status(401), Keys.RESOURCE))
                .hasValue("check source.username and source.password");
        assertThat(RegistryFailures.hint(status(401), Keys.REAPER))
                .hasValue("check registry.username and registry.password");
    }

    @Test
    void aRefusalFromTheStorageARedirectLedToIsNotAboutOurCredentials() {
        RegistryException storage = new RegistryException(ACTION, 401, null, Kind.STORAGE_REFUSED, "refused", null) {};

        assertThat(RegistryFailures.hint(storage, Keys.RESOURCE))
                .hasValue("the registry sent the transfer on to storage of its own (a bucket, a CDN), which refused it:"
                        + " its access (a signed URL that expired, the bucket's policy) is for the registry's operator"
                        + " to mend; source.username and source.password are never sent there");
    }

    @Test
    void anUntrustedCertificateSaysWhatToTrustInTheMessageAndTheHint() {
        RegistryException tls = noAnswer(Kind.TLS, new SSLHandshakeException("PKIX path building failed"));

        assertThat(RegistryFailures.message(tls, Keys.RESOURCE))
                .isEqualTo("tried to " + ACTION
                        + ": PKIX path building failed (trust its CA with source.ca_certs, or set source.insecure if it speaks"
                        + " plain HTTP)");
        assertThat(RegistryFailures.hint(tls, Keys.REAPER))
                .hasValue("the registry's certificate is not trusted here,"
                        + " names another host, or the registry does not speak TLS; registry.ca_certs takes PEM certificates,"
                        + " registry.insecure means plain HTTP");
        assertThat(RegistryFailures.message(status(500), Keys.RESOURCE)).isEqualTo("tried to " + ACTION + ": refused");
    }

    @Test
    void aRegistryNeverReachedAndAConnectionThatBrokeAreToldApart() {
        assertThat(RegistryFailures.hint(
                        noAnswer(Kind.UNREACHABLE, new ConnectException("Connection refused")), Keys.RESOURCE))
                .hasValue("check the host in source.repository; for a plain-HTTP registry set source.insecure");
        assertThat(RegistryFailures.hint(noAnswer(Kind.BROKEN, new SocketException("Connection reset")), Keys.REAPER))
                .hasValue("the registry was reached, but the connection broke or went silent mid-exchange (the"
                        + " registry or a proxy between closed it); retries were spent, so try again later");
    }

    @Test
    void otherBytesThanTheDigestNamesAndOrdinaryRefusals() {
        Digest expected = Digest.sha256("a".getBytes());
        Digest got = Digest.sha256("b".getBytes());
        assertThat(RegistryFailures.hint(new DigestMismatchException(ACTION, expected, got, 1), Keys.REAPER))
                .hasValue("the registry (or a proxy) returned other bytes than the digest names; nothing was kept");
        assertThat(RegistryFailures.hint(status(404), Keys.RESOURCE)).isEmpty();
        assertThat(RegistryFailures.hint(status(500), Keys.REAPER)).isEmpty();
    }

    @Test
    void whatAFailureMeansForTheCommandFollowsTheHintOrStandsAlone() {
        Keys undo = Keys.REAPER.withAfterwards("the restore stopped there");

        assertThat(RegistryFailures.hint(status(401), undo))
                .hasValue("check registry.username and registry.password; the restore stopped there");
        assertThat(RegistryFailures.hint(status(404), undo)).hasValue("the restore stopped there");
        assertThat(RegistryFailures.hint(status(404), Keys.REAPER)).isEmpty();
    }
}
