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
}
