package dev.dockertag.failures;

import dev.dockertag.registry.RegistryException;
import dev.dockertag.registry.rootfs.LayerRejectedException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;

/**
 * What a user reads when a tool fails: the error lines, a hint, the exit code. The one table from a failure to them,
 * for the resource and both command-line tools (each prints the lines its own way: the resource redacts them, the tools
 * add a stack trace in debug runs).
 *
 * <table>
 * <tr><th>failure</th><th>error lines</th><th>hint</th><th>exit</th></tr>
 * <tr><td>{@link HintedException} (config, payload, git, fly, ...)</td><td>its message, a line per
 * problem</td><td>its own</td><td>its own</td></tr>
 * <tr><td>{@link RegistryException}</td><td>{@link RegistryFailures#message}</td>
 * <td>{@link RegistryFailures#hint}, naming the tool's keys</td><td>1</td></tr>
 * <tr><td>{@link LayerRejectedException}, {@link UncheckedIOException}, {@link IllegalArgumentException},
 * {@link IllegalStateException}</td><td>its message</td><td>none</td><td>1</td></tr>
 * <tr><td>another {@link IOException}</td><td>{@code I/O failed: <message>}</td><td>none</td><td>1</td></tr>
 * <tr><td>anything else (a bug)</td><td>{@code unexpected <type>: <message>}</td><td>none</td><td>1</td></tr>
 * </table>
 */
public record FailureReport(List<String> errors, Optional<String> hint, int exitCode) {

    /** The report of {@code failure}; a registry failure's hint names {@code keys}. */
    public static FailureReport of(Throwable failure, RegistryFailures.Keys keys) {
        if (failure instanceof HintedException e) {
            return new FailureReport(lines(e.getMessage()), e.hint(), e.exitCode());
        }
        if (failure instanceof RegistryException e) {
            return new FailureReport(lines(RegistryFailures.message(e, keys)), RegistryFailures.hint(e, keys), 1);
        }
        if (failure instanceof LayerRejectedException
                || failure instanceof UncheckedIOException
                || failure instanceof IllegalArgumentException
                || failure instanceof IllegalStateException) {
            return new FailureReport(lines(failure.getMessage()), Optional.empty(), 1);
        }
        if (failure instanceof IOException) {
            return new FailureReport(lines("I/O failed: " + failure.getMessage()), Optional.empty(), 1);
        }
        return new FailureReport(
                lines("unexpected " + failure.getClass().getSimpleName() + ": " + failure.getMessage()),
                Optional.empty(),
                1);
    }

    /** The errors as one line, for an output that has room for one (the resource's build log). */
    public String oneLine() {
        return String.join(" ", errors);
    }

    private static List<String> lines(String message) {
        return message == null ? List.of("(no message)") : List.of(message.split("\r?\n|\r"));
    }
}
