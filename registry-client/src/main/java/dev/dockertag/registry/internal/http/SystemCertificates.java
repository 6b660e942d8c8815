package dev.dockertag.registry.internal.http;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The CA certificates the operating system keeps, read where Go's crypto/x509 reads them on Linux (root_linux.go:
 * {@code SSL_CERT_FILE} or the first bundle that exists, plus every file of {@code SSL_CERT_DIR} or of the usual
 * directories). A Concourse worker mounts its certificates at {@code /etc/ssl/certs} in every container, and the Go
 * tools our users come from trust them there; the JVM only reads its own {@code cacerts}, so without this a registry
 * behind the company CA that every other resource trusts would be refused here. Unreadable files and non-certificate
 * PEM blocks are passed over: a certificate directory is shared with other software.
 */
public final class SystemCertificates {

    static final List<String> BUNDLES = List.of(
            "/etc/ssl/certs/ca-certificates.crt", // Debian, Ubuntu, Alpine
            "/etc/pki/tls/certs/ca-bundle.crt", // Fedora, RHEL
            "/etc/ssl/ca-bundle.pem", // openSUSE
            "/etc/pki/tls/cacert.pem", // OpenELEC
            "/etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem", // CentOS, RHEL 7+
            "/etc/ssl/cert.pem"); // Alpine
    static final List<String> DIRECTORIES = List.of("/etc/ssl/certs", "/etc/pki/tls/certs");

    private static final Pattern PEM =
            Pattern.compile("-----BEGIN CERTIFICATE-----([A-Za-z0-9+/=\\s]+?)-----END CERTIFICATE-----");
    private static final long MAX_FILE = 4L * 1024 * 1024;

    private SystemCertificates() {}

    /** The certificates found for this environment ({@code SSL_CERT_FILE}, {@code SSL_CERT_DIR}). */
    public static List<X509Certificate> load(Map<String, String> env) {
        Set<String> blocks = new LinkedHashSet<>();
        String file = env.get("SSL_CERT_FILE");
        List<String> files = file != null && !file.isEmpty() ? List.of(file) : BUNDLES;
        Path bundle = null;
        for (String candidate : files) {
            if (readBlocks(Path.of(candidate), blocks)) {
                bundle = Path.of(candidate);
                break;
            }
        }
        String dirs = env.get("SSL_CERT_DIR");
        for (String dir : dirs != null && !dirs.isEmpty() ? List.of(dirs.split(":")) : DIRECTORIES) {
            readDirectory(Path.of(dir), bundle, blocks);
        }
        return parse(blocks);
    }

    /** Every file of {@code dir} but {@code bundle} (already read: Debian keeps it there). */
    private static void readDirectory(Path dir, Path bundle, Set<String> blocks) {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path entry : entries) {
                if (!entry.equals(bundle) && !linksWithin(dir, entry)) {
                    readBlocks(entry, blocks);
                }
            }
        } catch (IOException | SecurityException unreadable) {
            // a directory we may not list holds nothing for us
        }
    }

    /** OpenSSL's hash links ({@code 1a2b3c4d.0 -> Name.pem}) point into the same directory: read once. */
    private static boolean linksWithin(Path dir, Path entry) {
        if (!Files.isSymbolicLink(entry)) {
            return false;
        }
        try {
            Path target = Files.readSymbolicLink(entry);
            return !target.isAbsolute() && target.getNameCount() == 1 || dir.equals(target.getParent());
        } catch (IOException e) {
            return false;
        }
    }

    /** Adds the base64 of each certificate in {@code file}; true when it held at least one. */
    private static boolean readBlocks(Path file, Set<String> blocks) {
        try {
            if (!Files.isRegularFile(file) || Files.size(file) > MAX_FILE) {
                return false;
            }
            Matcher m = PEM.matcher(Files.readString(file, StandardCharsets.ISO_8859_1));
            boolean found = false;
            while (m.find()) {
                blocks.add(m.group(1).replaceAll("\\s", ""));
                found = true;
            }
            return found;
        } catch (IOException | SecurityException unreadable) {
            return false;
        }
    }

    private static List<X509Certificate> parse(Set<String> blocks) {
        List<X509Certificate> certificates = new ArrayList<>(blocks.size());
        if (blocks.isEmpty()) {
            return certificates;
        }
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            for (String block : blocks) {
                try {
                    certificates.add((X509Certificate) factory.generateCertificate(
                            new ByteArrayInputStream(Base64.getDecoder().decode(block))));
                } catch (CertificateException | IllegalArgumentException notACertificate) {
                    // another program's broken file is not our failure
                }
            }
        } catch (CertificateException e) {
            throw new IllegalStateException("no X.509 certificate factory", e);
        }
        return certificates;
    }
}
