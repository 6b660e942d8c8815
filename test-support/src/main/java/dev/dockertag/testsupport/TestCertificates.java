package dev.dockertag.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A CA of the test's own and a server certificate it signed for {@code 127.0.0.1} and {@code localhost}, made with
 * openssl: a registry with a company CA, as users run them.
 */
public record TestCertificates(Path caCertificate, Path serverCertificate, Path serverKey) {

    public static TestCertificates create(Path dir) {
        try {
            Files.createDirectories(dir);
            Path caKey = dir.resolve("ca.key");
            Path ca = dir.resolve("ca.pem");
            Path key = dir.resolve("server.key");
            Path csr = dir.resolve("server.csr");
            Path cert = dir.resolve("server.pem");
            Path ext = dir.resolve("server.ext");
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
                    caKey.toString(),
                    "-out",
                    ca.toString(),
                    "-subj",
                    "/CN=dockertag test CA");
            Commands.run(
                    "openssl",
                    "req",
                    "-newkey",
                    "rsa:2048",
                    "-nodes",
                    "-keyout",
                    key.toString(),
                    "-out",
                    csr.toString(),
                    "-subj",
                    "/CN=127.0.0.1");
            Files.writeString(ext, "subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n");
            Commands.run(
                    "openssl",
                    "x509",
                    "-req",
                    "-in",
                    csr.toString(),
                    "-CA",
                    ca.toString(),
                    "-CAkey",
                    caKey.toString(),
                    "-CAcreateserial",
                    "-days",
                    "2",
                    "-extfile",
                    ext.toString(),
                    "-out",
                    cert.toString());
            return new TestCertificates(ca, cert, key);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The CA in PEM, as a user puts it in {@code ca_certs} or a worker in {@code /etc/ssl/certs}. */
    public String caPem() {
        try {
            return Files.readString(caCertificate);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
