package dev.dockertag.registry;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.dockertag.registry.auth.Credentials;
import dev.dockertag.registry.auth.CredentialsProvider;
import dev.dockertag.testsupport.Commands;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A registry behind a self-signed certificate: refused by default, trusted once its CA is given. */
class TlsWireMockTest {

    /** A self-signed certificate for localhost, made with openssl (WireMock's own names no host). */
    private static final Path KEYSTORE = selfSignedKeystore();

    @RegisterExtension
    static WireMockExtension registry = WireMockExtension.newInstance()
            .options(wireMockConfig()
                    .dynamicHttpsPort()
                    .httpDisabled(true)
                    .keystorePath(KEYSTORE.toString())
                    .keystoreType("PKCS12")
                    .keystorePassword("changeit")
                    .keyManagerPassword("changeit"))
            .build();

    private static Path selfSignedKeystore() {
        try {
            Path dir = Files.createTempDirectory("tls-");
            Commands.run(
                    "openssl",
                    "req",
                    "-x509",
                    "-newkey",
                    "rsa:2048",
                    "-nodes",
                    "-days",
                    "2",
                    "-keyout",
                    dir.resolve("key.pem").toString(),
                    "-out",
                    dir.resolve("cert.pem").toString(),
                    "-subj",
                    "/CN=localhost",
                    "-addext",
                    "subjectAltName=DNS:localhost");
            Commands.run(
                    "openssl",
                    "pkcs12",
                    "-export",
                    "-in",
                    dir.resolve("cert.pem").toString(),
                    "-inkey",
                    dir.resolve("key.pem").toString(),
                    "-out",
                    dir.resolve("keystore.p12").toString(),
                    "-passout",
                    "pass:changeit");
            return dir.resolve("keystore.p12");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @BeforeEach
    void stub() {
        registry.stubFor(get(urlPathEqualTo("/v2/acme/app/tags/list"))
                .willReturn(aResponse().withBody("{\"tags\":[\"secure\"]}")));
    }

    private RepositoryClient repo(List<String> caCerts) {
        return RegistryClient.builder()
                .caCertificates(caCerts)
                .retryPolicy(RetryPolicy.NONE)
                .build()
                .repository(ImageReference.parse("localhost:" + registry.getHttpsPort() + "/acme/app"));
    }

    @Test
    void selfSignedRegistryIsRefusedAtOnceNotRetried() {
        List<Duration> waits = new CopyOnWriteArrayList<>();
        RepositoryClient repo = RegistryClient.builder()
                .retryPolicy(RetryPolicy.DEFAULT.withSleeper(waits::add))
                .build()
                .repository(ImageReference.parse("localhost:" + registry.getHttpsPort() + "/acme/app"));
        assertThatThrownBy(repo::listTags)
                .isInstanceOfSatisfying(
                        RegistryException.class, e -> assertThat(e.kind()).isEqualTo(RegistryException.Kind.TLS))
                .hasMessageStartingWith("tried to list tags of localhost:" + registry.getHttpsPort()
                        + "/acme/app: TLS with localhost:" + registry.getHttpsPort() + " failed: ");
        assertThat(waits)
                .as("an untrusted certificate stays untrusted: no retry waits")
                .isEmpty();
    }

    @Test
    void registryIsTrustedWithItsCertificateInCaCerts() throws Exception {
        assertThat(repo(List.of(serverCertificatePem())).listTags()).containsExactly("secure");
    }

    @Test
    void registryIsTrustedWhenItsCaIsAmongTheOperatingSystemsCertificates() throws Exception {
        Path certs = Files.createTempDirectory("certs-");
        Files.writeString(certs.resolve("registry-ca.pem"), serverCertificatePem());
        RepositoryClient repo = RegistryClient.builder()
                .retryPolicy(RetryPolicy.NONE)
                .environment(Map.of(
                        "SSL_CERT_FILE", certs.resolve("no-bundle.crt").toString(), "SSL_CERT_DIR", certs.toString()))
                .build()
                .repository(ImageReference.parse("localhost:" + registry.getHttpsPort() + "/acme/app"));
        assertThat(repo.listTags()).containsExactly("secure");
    }

    @Test
    void credentialsAreNotSentToAPlainHttpTokenRealm() throws Exception {
        registry.stubFor(get(urlPathEqualTo("/v2/acme/app/manifests/v1"))
                .willReturn(aResponse()
                        .withStatus(401)
                        .withHeader("WWW-Authenticate", "Bearer realm=\"http://localhost:1/token\",service=\"s\"")));
        RepositoryClient repo = RegistryClient.builder()
                .caCertificates(List.of(serverCertificatePem()))
                .credentials(CredentialsProvider.of(new Credentials("bob", "pw")))
                .retryPolicy(RetryPolicy.NONE)
                .build()
                .repository(ImageReference.parse("localhost:" + registry.getHttpsPort() + "/acme/app"));
        assertThatThrownBy(() -> repo.fetchManifest("v1"))
                .hasMessage("tried to fetch manifest localhost:" + registry.getHttpsPort()
                        + "/acme/app:v1: the token realm "
                        + "http://localhost:1/token is plain http; credentials are only sent there when insecure (plain http) "
                        + "is allowed");
    }

    @Test
    void somethingThatIsNotAPemCertificateIsAClearError() {
        assertThatThrownBy(() -> repo(List.of("not a certificate")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("ca_certs[0] is not a PEM certificate");
    }

    /** The certificate WireMock presents, read off a handshake that trusts anything (test only). */
    private static String serverCertificatePem() throws Exception {
        SSLContext trustAll = SSLContext.getInstance("TLS");
        trustAll.init(
                null,
                new TrustManager[] {
                    new X509TrustManager() {
                        public void checkClientTrusted(X509Certificate[] chain, String authType) {}

                        public void checkServerTrusted(X509Certificate[] chain, String authType) {}

                        public X509Certificate[] getAcceptedIssuers() {
                            return new X509Certificate[0];
                        }
                    }
                },
                null);
        try (SSLSocket socket =
                (SSLSocket) trustAll.getSocketFactory().createSocket("localhost", registry.getHttpsPort())) {
            socket.startHandshake();
            Certificate cert = socket.getSession().getPeerCertificates()[0];
            return "-----BEGIN CERTIFICATE-----\n" + Base64.getMimeEncoder().encodeToString(cert.getEncoded())
                    + "\n-----END CERTIFICATE-----\n";
        }
    }
}
