package dev.dockertag.tool.cli;

import java.util.Optional;

/**
 * A failure the user can act on: the message says what went wrong, the hint what to change, the exit
 * code (1 unless a tool documents another for this failure) lets a script tell failures apart.
 */
public class HintedException extends RuntimeException {

    private final String hint;
    private final int exitCode;

    public HintedException(String message, String hint) {
        this(message, hint, 1);
    }

    public HintedException(String message, String hint, int exitCode) {
        super(message);
        this.hint = hint;
        this.exitCode = exitCode;
    }

    public Optional<String> hint() {
        return Optional.ofNullable(hint);
    }

    public int exitCode() {
        return exitCode;
    }
}
