package dev.dockertag.registry.internal.http;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * Trust: the JVM's CAs, the operating system's ({@link SystemCertificates}) and the PEM certificates a user configures
 * (an internal CA, a self-signed registry). The store is built on the first TLS handshake, not when the client is: a
 * check against a plain-HTTP registry never pays for reading and parsing a few hundred certificates. The user's
 * certificates are parsed up front, so a bad one is an error before any request.
 */
public final class Tls {

    private final List<Certificate> userCertificates;
    private final Supplier<List<X509Certificate>> systemCertificates;
    private volatile Trust trust;

    private record Trust(SSLSocketFactory socketFactory, X509TrustManager trustManager) {}

    private Tls(List<Certificate> userCertificates, Supplier<List<X509Certificate>> systemCertificates) {
        this.userCertificates = userCertificates;
        this.systemCertificates = systemCertificates;
    }

    /** @param systemCertificates read on the first handshake (see {@link SystemCertificates#load}) */
    public static Tls of(List<String> pemCertificates, Supplier<List<X509Certificate>> systemCertificates) {
        List<Certificate> user = new ArrayList<>();
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            for (int n = 0; n < pemCertificates.size(); n++) {
                user.addAll(parse(factory, pemCertificates.get(n), n));
            }
        } catch (CertificateException e) {
            throw new IllegalStateException("no X.509 certificate factory", e);
        }
        return new Tls(List.copyOf(user), systemCertificates);
    }

    private Trust trust() {
        Trust t = trust;
        if (t == null) {
            synchronized (this) {
                if (trust == null) {
                    trust = build();
                }
                t = trust;
            }
        }
        return t;
    }

    private Trust build() {
        try {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            int i = 0;
            for (X509Certificate ca : jvmTrustManager().getAcceptedIssuers()) {
                store.setCertificateEntry("jvm-" + i++, ca);
            }
            for (X509Certificate ca : systemCertificates.get()) {
                store.setCertificateEntry("os-" + i++, ca);
            }
            for (Certificate cert : userCertificates) {
                store.setCertificateEntry("user-" + i++, cert);
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(store);
            X509TrustManager tm = firstX509(tmf.getTrustManagers());
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {tm}, null);
            return new Trust(context.getSocketFactory(), tm);
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot set up TLS trust: " + e.getMessage(), e);
        }
    }

    /** Sockets from the store, built when the first one is asked for. */
    public SSLSocketFactory socketFactory() {
        return new SSLSocketFactory() {
            @Override
            public String[] getDefaultCipherSuites() {
                return trust().socketFactory().getDefaultCipherSuites();
            }

            @Override
            public String[] getSupportedCipherSuites() {
                return trust().socketFactory().getSupportedCipherSuites();
            }

            @Override
            public Socket createSocket(Socket s, String host, int port, boolean autoClose) throws IOException {
                return trust().socketFactory().createSocket(s, host, port, autoClose);
            }

            @Override
            public Socket createSocket() throws IOException {
                return trust().socketFactory().createSocket();
            }

            @Override
            public Socket createSocket(String host, int port) throws IOException {
                return trust().socketFactory().createSocket(host, port);
            }

            @Override
            public Socket createSocket(String host, int port, InetAddress local, int localPort) throws IOException {
                return trust().socketFactory().createSocket(host, port, local, localPort);
            }

            @Override
            public Socket createSocket(InetAddress host, int port) throws IOException {
                return trust().socketFactory().createSocket(host, port);
            }

            @Override
            public Socket createSocket(InetAddress address, int port, InetAddress local, int localPort)
                    throws IOException {
                return trust().socketFactory().createSocket(address, port, local, localPort);
            }
        };
    }

    /**
     * The store's trust manager, for OkHttp. OkHttp asks it for the accepted issuers when the client is built, only to
     * clean chains for certificate pinning, which these clients never configure: until the first handshake it answers
     * none rather than build the store for nothing.
     */
    public X509TrustManager trustManager() {
        return new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
                trust().trustManager().checkClientTrusted(chain, authType);
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
                trust().trustManager().checkServerTrusted(chain, authType);
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                Trust t = trust;
                return t == null ? new X509Certificate[0] : t.trustManager().getAcceptedIssuers();
            }
        };
    }

    private static Collection<? extends Certificate> parse(CertificateFactory factory, String pem, int index) {
        try {
            Collection<? extends Certificate> certs = factory.generateCertificates(
                    new ByteArrayInputStream(pem.strip().getBytes(StandardCharsets.US_ASCII)));
            if (certs.isEmpty()) {
                throw new IllegalArgumentException("ca_certs[" + index + "] holds no PEM certificate");
            }
            return new ArrayList<>(certs);
        } catch (CertificateException e) {
            throw new IllegalArgumentException(
                    "ca_certs[" + index + "] is not a PEM certificate: " + e.getMessage(), e);
        }
    }

    private static X509TrustManager jvmTrustManager() throws GeneralSecurityException {
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
