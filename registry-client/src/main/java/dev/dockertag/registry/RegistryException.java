package dev.dockertag.registry;

import java.util.Optional;

/**
 * A registry operation that failed. The message says what was attempted and why, e.g. {@code tried to list tags of
 * 127.0.0.1:5000/acme/app: 401 unauthorized: UNAUTHORIZED: authentication required}. Messages never contain credentials
 * or tokens.
 */
public class RegistryException extends RuntimeException {

    private final int status;
    private final String errorCode;
    private final Kind kind;
    private final boolean permanent;

    /** A failure the registry answered with {@code status}; its kind follows from the status. */
    public RegistryException(String action, int status, String errorCode, String reason) {
        this(action, status, errorCode, reason, null);
    }

    /** As {@link #RegistryException(String, int, String, String)}, with what caused it. */
    public RegistryException(String action, int status, String errorCode, String reason, Throwable cause) {
        this(action, status, errorCode, kindOf(status), reason, cause);
    }

    /** A request that got no whole answer (status 0), of a kind its maker knows. */
    public RegistryException(String action, Kind kind, String reason, Throwable cause) {
        this(action, 0, null, kind, false, reason, cause);
    }

    /** A request that got no whole answer, as {@link IoFailure} classified it. */
    RegistryException(String action, IoFailure failure, String reason, Throwable cause) {
        this(action, 0, null, failure.kind(), failure.permanent(), reason, cause);
    }

    protected RegistryException(
            String action, int status, String errorCode, Kind kind, String reason, Throwable cause) {
        this(action, status, errorCode, kind, false, reason, cause);
    }

    private RegistryException(
            String action, int status, String errorCode, Kind kind, boolean permanent, String reason, Throwable cause) {
        super("tried to " + action + ": " + reason, cause);
        this.status = status;
        this.errorCode = errorCode;
        this.kind = kind;
        this.permanent = permanent;
    }

    /** True when another attempt cannot mend it (an untrusted certificate); set with the kind. */
    boolean permanent() {
        return permanent;
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
     * The few kinds a registry failure falls in, set when the failure is made (from the status, or from the I/O failure
     * by {@code IoFailure}); what users read of a failure (the failures module's table) and whether it is retried are
     * decided on these.
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
        /**
         * 401 or 403 from the host a redirect of the registry's led to (its blob storage: a bucket, a CDN), to which
         * the registry's credentials are never sent: its access is the registry's, not the client's, to mend.
         */
        STORAGE_REFUSED,
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
        return kind;
    }

    public boolean isNotFound() {
        return kind == Kind.NOT_FOUND;
    }

    private static Kind kindOf(int status) {
        return switch (status) {
            case 0 -> Kind.BROKEN;
            case 401 -> Kind.UNAUTHORIZED;
            case 403 -> Kind.FORBIDDEN;
            case 404 -> Kind.NOT_FOUND;
            default -> Kind.REFUSED;
        };
    }
}
