package dev.dockertag.registry;

import dev.dockertag.registry.RegistryException.Kind;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.ProtocolException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.util.Locale;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLPeerUnverifiedException;

/**
 * The one classifier of a request that got no whole answer: from the {@link IOException} alone (its type and its cause
 * chain, never the message of the exception it ends up in) it tells the {@link Kind}, the words a user reads, and
 * whether another attempt could mend it. The message, the {@link RegistryException}'s kind and the retry rule
 * ({@link Retries}) all read it from here.
 *
 * @param kind {@link Kind#TLS}, {@link Kind#UNREACHABLE} or {@link Kind#BROKEN}; {@link Kind#REFUSED} for redirects
 *     that never end (answers, but never the one asked for)
 * @param words what happened, naming the host: {@code cannot connect to h:5000: Connection refused}
 * @param permanent true when another attempt cannot mend it (an untrusted certificate, no TLS at all)
 */
record IoFailure(Kind kind, String words, boolean permanent) {

    /** What {@code e}, met while talking to {@code host} ({@code host:port}), means. */
    static IoFailure of(IOException e, String host) {
        SSLException tls = find(e, SSLException.class);
        if (tls != null) {
            return new IoFailure(Kind.TLS, "TLS with " + host + " failed: " + tls.getMessage(), isPermanentTls(e));
        }
        if (find(e, UnknownHostException.class) != null) {
            return new IoFailure(Kind.UNREACHABLE, "unknown host " + host, false);
        }
        IOException refused = find(e, ConnectException.class);
        if (refused == null) {
            refused = find(e, NoRouteToHostException.class);
        }
        if (refused != null) {
            return new IoFailure(Kind.UNREACHABLE, "cannot connect to " + host + ": " + refused.getMessage(), false);
        }
        SocketTimeoutException timeout = find(e, SocketTimeoutException.class);
        if (timeout != null) {
            // The JDK says "Connect timed out" (OkHttp: "connect timed out") when no connection was made;
            // a read or write timeout says "Read timed out" or "timeout". Only the timeout's own words count.
            boolean connecting = String.valueOf(timeout.getMessage())
                    .toLowerCase(Locale.ROOT)
                    .startsWith("connect");
            return connecting
                    ? new IoFailure(
                            Kind.UNREACHABLE,
                            "cannot connect to " + host + " in time (" + timeout.getMessage() + ")",
                            false)
                    : new IoFailure(
                            Kind.BROKEN, "no answer from " + host + " in time (" + timeout.getMessage() + ")", false);
        }
        ProtocolException protocol = find(e, ProtocolException.class);
        if (protocol != null && String.valueOf(protocol.getMessage()).startsWith("Too many follow-up requests")) {
            // OkHttp follows at most 20 redirects: the registry (or a proxy) answers each with another
            return new IoFailure(
                    Kind.REFUSED,
                    "the redirects from " + host + " never ended (more than 20 in a row): a redirect loop",
                    true);
        }
        return new IoFailure(Kind.BROKEN, e.getClass().getSimpleName() + ": " + e.getMessage(), false);
    }

    /**
     * A TLS failure another attempt cannot mend: the certificate is not trusted or does not name the host, or the
     * server does not speak TLS at all.
     */
    private static boolean isPermanentTls(IOException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SSLPeerUnverifiedException
                    || t instanceof CertificateException
                    || t instanceof CertPathValidatorException) {
                return true;
            }
            String message = String.valueOf(t.getMessage());
            if (t instanceof SSLException
                    && (message.contains("Unsupported or unrecognized SSL message")
                            || message.contains("PKIX")
                            || message.contains("plaintext connection"))) {
                return true;
            }
        }
        return false;
    }

    private static <T extends Throwable> T find(Throwable e, Class<T> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }
}
