package dev.dockertag.tool.cli;

import dev.dockertag.tool.config.ConfigException;
import dev.dockertag.tool.config.Yaml;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * The one place a tool's failures become output: {@code error: ...} lines, an optional {@code hint:},
 * exit 1. A stack trace only when the tool's debug variable is set.
 */
public final class Failures implements IExecutionExceptionHandler {

    private final String debugVariable;

    private Failures(String debugVariable) {
        this.debugVariable = debugVariable;
    }

    /** The handler for a tool whose stack traces are shown when {@code debugVariable} is set. */
    public static Failures printingStackTracesWhen(String debugVariable) {
        return new Failures(debugVariable);
    }

    @Override
    public int handleExecutionException(Exception failure, CommandLine command, ParseResult parsed) {
        PrintWriter err = command.getErr();
        for (String line : messages(failure)) {
            err.println("error: " + line);
        }
        hint(failure).ifPresent(h -> err.println("hint: " + h));
        if (System.getenv(debugVariable) != null) {
            failure.printStackTrace(err);
        }
        err.flush();
        return failure instanceof HintedException e ? e.exitCode() : 1;
    }

    static List<String> messages(Exception failure) {
        if (failure instanceof ConfigException e) {
            return e.problems();
        }
        if (failure instanceof HintedException || failure instanceof Yaml.YamlException
                || failure instanceof UncheckedIOException || failure instanceof IllegalArgumentException
                || failure instanceof IllegalStateException) {
            return List.of(failure.getMessage().split("\n"));
        }
        return List.of("unexpected " + failure.getClass().getSimpleName() + ": " + failure.getMessage());
    }

    static Optional<String> hint(Exception failure) {
        return failure instanceof HintedException e ? e.hint() : Optional.empty();
    }

    /** A command refused or failed for a reason it explains itself. */
    public static final class CommandFailure extends HintedException {
        public CommandFailure(String message, String hint) {
            super(message, hint);
        }
    }
}
