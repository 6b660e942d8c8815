package dev.dockertag.registry;

import java.util.Optional;

/**
 * A registry operation that failed. The message says what was attempted and why, e.g.
 * {@code tried to list tags of 127.0.0.1:5000/acme/app: 401 unauthorized: UNAUTHORIZED: authentication required}.
 * Messages never contain credentials or tokens.
 */
public class RegistryException extends RuntimeException {

    private final int status;
    private final String errorCode;

    public RegistryException(String action, int status, String errorCode, String reason) {
        this(action, status, errorCode, reason, null);
    }

    public RegistryException(String action, int status, String errorCode, String reason, Throwable cause) {
        super("tried to " + action + ": " + reason, cause);
        this.status = status;
        this.errorCode = errorCode;
    }

    /** The HTTP status, or 0 when the request never got an answer (connection refused, reset, timeout). */
    public int status() {
        return status;
    }

    /** The registry's error code ({@code MANIFEST_UNKNOWN}, {@code DENIED}, ...) when its body had one. */
    public Optional<String> errorCode() {
        return Optional.ofNullable(errorCode);
    }

    public boolean isNotFound() {
        return status == 404;
    }

    public boolean isUnauthorized() {
        return status == 401 || status == 403;
    }

    /** The TLS handshake failed: the certificate is not trusted, names another host, or there is no TLS. */
    public boolean isTlsFailure() {
        return status == 0 && causedBy(javax.net.ssl.SSLException.class);
    }

    /**
     * The registry was never reached: unknown host, refused or timed-out connection. Other failures
     * without an answer (status 0) broke a connection that was made.
     */
    public boolean isUnreachable() {
        return status == 0 && (causedBy(java.net.ConnectException.class) || causedBy(java.net.UnknownHostException.class)
                || causedBy(java.net.NoRouteToHostException.class)
                || (causedBy(java.net.SocketTimeoutException.class) && String.valueOf(getMessage()).contains("connect")));
    }

    private boolean causedBy(Class<? extends Throwable> type) {
        for (Throwable t = getCause(); t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }
}
