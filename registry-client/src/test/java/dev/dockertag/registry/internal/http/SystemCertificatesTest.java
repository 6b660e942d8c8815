package dev.dockertag.registry.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dockertag.testsupport.Commands;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The operating system's certificates, read where Go reads them, as a Concourse worker lays them out. */
class SystemCertificatesTest {

    @TempDir
    static Path dir;

    static String bundleCa;
    static String companyCa;

    @BeforeAll
    static void certificates() throws IOException {
        bundleCa = certificate("bundle-ca");
        companyCa = certificate("company-ca");
    }

    private static String certificate(String name) throws IOException {
        Path key = dir.resolve(name + ".key");
        Path cert = dir.resolve(name + ".pem");
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
                key.toString(),
                "-out",
                cert.toString(),
                "-subj",
                "/CN=" + name);
        return Files.readString(cert);
    }

    private static List<String> subjects(List<X509Certificate> certificates) {
        return certificates.stream()
                .map(c -> c.getSubjectX500Principal().getName())
                .toList();
    }

    @Test
    void readsTheBundleAndEveryCertificateFileOfTheDirectory() throws IOException {
        Path certs = Files.createDirectories(dir.resolve("worker-certs"));
        Files.writeString(certs.resolve("ca-certificates.crt"), bundleCa);
        Files.writeString(certs.resolve("company.crt"), "# dropped in by an operator\n" + companyCa);
        Files.createSymbolicLink(certs.resolve("a1b2c3d4.0"), Path.of("company.crt")); // openssl's hash link
        Files.writeString(certs.resolve("README"), "not a certificate");
        Files.writeString(
                certs.resolve("broken.pem"), "-----BEGIN CERTIFICATE-----\nbm90IGRlcg==\n-----END CERTIFICATE-----\n");

        List<X509Certificate> loaded = SystemCertificates.load(Map.of(
                "SSL_CERT_FILE", certs.resolve("ca-certificates.crt").toString(), "SSL_CERT_DIR", certs.toString()));

        assertThat(subjects(loaded)).containsExactly("CN=bundle-ca", "CN=company-ca");
    }

    @Test
    void aCertificateLinkedFromElsewhereIsRead() throws IOException {
        Path shared = Files.createDirectories(dir.resolve("usr-share-ca"));
        Files.writeString(shared.resolve("Company.crt"), companyCa);
        Path certs = Files.createDirectories(dir.resolve("etc-ssl-certs"));
        Files.createSymbolicLink(certs.resolve("Company.pem"), shared.resolve("Company.crt"));
        Files.createSymbolicLink(certs.resolve("Gone.pem"), shared.resolve("Gone.crt"));

        List<X509Certificate> loaded = SystemCertificates.load(
                Map.of("SSL_CERT_FILE", dir.resolve("none.crt").toString(), "SSL_CERT_DIR", certs.toString()));

        assertThat(subjects(loaded)).containsExactly("CN=company-ca");
    }

    @Test
    void nothingConfiguredAndNothingThereIsNoCertificate() {
        assertThat(SystemCertificates.load(Map.of(
                        "SSL_CERT_FILE",
                        dir.resolve("none.crt").toString(),
                        "SSL_CERT_DIR",
                        dir.resolve("no-such-dir").toString())))
                .isEmpty();
    }
}
