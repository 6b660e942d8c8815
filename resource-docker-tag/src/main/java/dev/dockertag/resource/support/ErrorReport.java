package dev.dockertag.resource.support;

import dev.dockertag.registry.RegistryException;
import dev.dockertag.registry.RegistryFailures;
import dev.dockertag.registry.rootfs.LayerRejectedException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one place failures become output: {@code error: <what failed>: <why>} on one line, an optional
 * {@code hint:} line, the stack trace only with {@code source.debug}. Messages come from this
 * project's code; {@link Log} redacts whatever a registry echoed into them, and a value quoted in one
 * is cut to {@value #MAX_ECHO} characters.
 */
public final class ErrorReport {

    private ErrorReport() {
    }

    public static void print(Throwable failure, Log log) {
        print(failure, log, Optional.empty());
    }

    /**
     * As {@link #print(Throwable, Log)}, but when the script was ended early ({@code ending}: its
     * deadline passed, or it was terminated) that is the error, whatever the cancelled work threw.
     */
    public static void print(Throwable failure, Log log, Optional<Lines> ending) {
        print(ending.orElseGet(() -> new Lines(message(failure), hint(failure))), log);
        if (log.isDebug()) {
            StringWriter trace = new StringWriter();
            failure.printStackTrace(new PrintWriter(trace));
            log.info(trace.toString().stripTrailing());
        }
    }

    /** What is said of a failure: the error line, and a hint when there is one to give. */
    public record Lines(String error, Optional<String> hint) {
    }

    /**
     * Prints {@code lines}, the error redacted before it is cut: a cut could leave part of a secret
     * that exact matching would miss.
     */
    static void print(Lines lines, Log log) {
        log.info("error: " + bounded(log.redacted(lines.error())));
        lines.hint().ifPresent(h -> log.info("hint: " + h));
    }

    static String message(Throwable failure) {
        if (failure instanceof RegistryException e) {
            return oneLine(RegistryFailures.message(e, RegistryFailures.Keys.RESOURCE));
        }
        if (failure instanceof ResourceException || failure instanceof LayerRejectedException) {
            return oneLine(failure.getMessage());
        }
        if (failure instanceof UncheckedIOException e) {
            return oneLine(e.getMessage());
        }
        if (failure instanceof java.io.IOException e) {
            return oneLine("I/O failed: " + e.getMessage());
        }
        if (failure instanceof IllegalArgumentException e) {
            return oneLine(e.getMessage());
        }
        return oneLine("unexpected " + failure.getClass().getSimpleName() + ": " + failure.getMessage());
    }

    static Optional<String> hint(Throwable failure) {
        if (failure instanceof ResourceException e) {
            return e.hint();
        }
        if (failure instanceof RegistryException e) {
            return RegistryFailures.hint(e, RegistryFailures.Keys.RESOURCE);
        }
        return Optional.empty();
    }

    /** Longer than this, a value quoted in a message (a run with no space) is cut, with an ellipsis. */
    static final int MAX_ECHO = 200;
    private static final Pattern LONG_RUN = Pattern.compile("\\S{" + (MAX_ECHO + 1) + ",}");

    private static String oneLine(String message) {
        return message == null ? "(no message)" : message.replace('\n', ' ').replace('\r', ' ');
    }

    static String bounded(String line) {
        return LONG_RUN.matcher(line).replaceAll(m -> Matcher.quoteReplacement(m.group().substring(0, MAX_ECHO) + "…"));
    }
}
