package dev.dockertag.reaper.config;

import dev.dockertag.failures.Redactor;
import java.util.Optional;

/**
 * A password or token: its text never appears in {@code toString}, so it cannot reach a log by accident, and it is
 * registered with the process's {@link Redactor}, so that a registry or git server that echoes it into an answer cannot
 * bring it to one either.
 */
public record Secret(String value) {

    public Secret {
        Redactor.process().add(value);
    }

    /** As a Basic credential's password for {@code username}: {@code username:value} is redacted too. */
    public Secret forUser(Optional<String> username) {
        username.ifPresent(u -> Redactor.process().addBasic(u, value));
        return this;
    }

    @Override
    public String toString() {
        return "<redacted>";
    }
}
