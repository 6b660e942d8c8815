package dev.dockertag.registry.http;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/** Trust: the JVM's and the operating system's CAs plus the PEM certificates a user configures (an internal CA, a self-signed registry). */
public final class Tls {

    private Tls() {
    }

    public record Trust(SSLContext context, X509TrustManager trustManager) {
    }

    /**
     * The JVM's CAs, plus the operating system's ({@link SystemCertificates}), plus the PEM
     * certificates a user configures. Returns null when there is nothing beyond the JVM's own (OkHttp's
     * defaults then apply).
     */
    public static Trust withExtraCertificates(List<String> pemCertificates, List<X509Certificate> systemCertificates) {
        if (pemCertificates.isEmpty() && systemCertificates.isEmpty()) {
            return null;
        }
        try {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            int i = 0;
            for (X509Certificate ca : systemTrustManager().getAcceptedIssuers()) {
                store.setCertificateEntry("jvm-" + i++, ca);
            }
            for (X509Certificate ca : systemCertificates) {
                store.setCertificateEntry("os-" + i++, ca);
            }
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            for (int n = 0; n < pemCertificates.size(); n++) {
                for (Certificate cert : parse(factory, pemCertificates.get(n), n)) {
                    store.setCertificateEntry("user-" + i++, cert);
                }
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(store);
            X509TrustManager tm = firstX509(tmf.getTrustManagers());
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {tm}, null);
            return new Trust(context, tm);
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalArgumentException("cannot set up TLS trust: " + e.getMessage(), e);
        }
    }

    private static Collection<? extends Certificate> parse(CertificateFactory factory, String pem, int index) {
        try {
            Collection<? extends Certificate> certs =
                    factory.generateCertificates(new ByteArrayInputStream(pem.strip().getBytes(StandardCharsets.US_ASCII)));
            if (certs.isEmpty()) {
                throw new IllegalArgumentException("ca_certs[" + index + "] holds no PEM certificate");
            }
            return new ArrayList<>(certs);
        } catch (java.security.cert.CertificateException e) {
            throw new IllegalArgumentException("ca_certs[" + index + "] is not a PEM certificate: " + e.getMessage(), e);
        }
    }

    private static X509TrustManager systemTrustManager() throws GeneralSecurityException {
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init((KeyStore) null);
        return firstX509(tmf.getTrustManagers());
    }

    private static X509TrustManager firstX509(TrustManager[] managers) {
        for (TrustManager m : managers) {
            if (m instanceof X509TrustManager x) {
                return x;
            }
        }
        throw new IllegalStateException("no X509 trust manager");
    }
}
