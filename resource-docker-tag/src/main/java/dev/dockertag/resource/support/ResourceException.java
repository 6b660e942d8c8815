package dev.dockertag.resource.support;

import java.util.Optional;

/**
 * A failure the user can fix: bad config, a missing file, an image that is not there. Printed as
 * {@code error: <message>} and, when there is one, {@code hint: <what to change>}; no stack trace.
 */
public class ResourceException extends RuntimeException {

    private final String hint;

    public ResourceException(String message) {
        this(message, null, null);
    }

    public ResourceException(String message, String hint) {
        this(message, hint, null);
    }

    public ResourceException(String message, String hint, Throwable cause) {
        super(message, cause);
        this.hint = hint;
    }

    public Optional<String> hint() {
        return Optional.ofNullable(hint);
    }
}
