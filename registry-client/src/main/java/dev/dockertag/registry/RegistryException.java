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

    /**
     * The few kinds a registry failure falls in, told from the status and the cause; what users read
     * of a failure (the failures module's table) is decided on these.
     */
    public enum Kind {
        /** 401: no credentials, or refused ones. */
        UNAUTHORIZED,
        /** 403: the credentials were accepted, the action was not. */
        FORBIDDEN,
        /** 404: no such repository, manifest, blob or upload. */
        NOT_FOUND,
        /** Any other answer the registry gave (4xx, 5xx, an unexpected 2xx or 3xx). */
        REFUSED,
        /** Content whose digest or size is not what was asked for ({@link DigestMismatchException}). */
        DIGEST_MISMATCH,
        /** The TLS handshake failed: the certificate is not trusted, names another host, or there is no TLS. */
        TLS,
        /** The registry was never reached: unknown host, refused or timed-out connection. */
        UNREACHABLE,
        /** A connection was made, then broke or went silent before the answer was whole. */
        BROKEN
    }

    public Kind kind() {
        return switch (status) {
            case 0 -> causedBy(javax.net.ssl.SSLException.class) ? Kind.TLS : unreached() ? Kind.UNREACHABLE : Kind.BROKEN;
            case 401 -> Kind.UNAUTHORIZED;
            case 403 -> Kind.FORBIDDEN;
            case 404 -> Kind.NOT_FOUND;
            default -> Kind.REFUSED;
        };
    }

    public boolean isNotFound() {
        return kind() == Kind.NOT_FOUND;
    }

    private boolean unreached() {
        return causedBy(java.net.ConnectException.class) || causedBy(java.net.UnknownHostException.class)
                || causedBy(java.net.NoRouteToHostException.class)
                || (causedBy(java.net.SocketTimeoutException.class) && String.valueOf(getMessage()).contains("connect"));
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
