package dev.dockertag.failures;

import java.util.Optional;

/**
 * The one kind of failure a user can act on, in all three tools: the message says what went wrong (one line, or one per
 * problem), the hint what to change, the exit code (1 unless a tool documents another for this failure) lets a script
 * tell failures apart. Printed by {@link FailureReport} as {@code error:} and {@code hint:} lines, with no stack trace.
 */
public class HintedException extends RuntimeException {

    private final String hint;
    private final int exitCode;

    public HintedException(String message) {
        this(message, null);
    }

    public HintedException(String message, String hint) {
        this(message, hint, 1);
    }

    public HintedException(String message, String hint, int exitCode) {
        super(message);
        this.hint = hint;
        this.exitCode = exitCode;
    }

    /** With the failure underneath, for the stack trace a debug run prints. */
    public HintedException(String message, String hint, Throwable cause) {
        super(message, cause);
        this.hint = hint;
        this.exitCode = 1;
    }

    public Optional<String> hint() {
        return Optional.ofNullable(hint);
    }

    public int exitCode() {
        return exitCode;
    }
}
