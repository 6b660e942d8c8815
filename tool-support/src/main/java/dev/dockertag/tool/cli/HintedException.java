package dev.dockertag.tool.cli;

import java.util.Optional;

/** A failure the user can act on: the message says what went wrong, the hint what to change. */
public class HintedException extends RuntimeException {

    private final String hint;

    public HintedException(String message, String hint) {
        super(message);
        this.hint = hint;
    }

    public Optional<String> hint() {
        return Optional.ofNullable(hint);
    }
}
