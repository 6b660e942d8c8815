package dev.dockertag.pipelinegen.cli;

import dev.dockertag.pipelinegen.config.ConfigException;
import dev.dockertag.pipelinegen.support.HintedException;
import dev.dockertag.pipelinegen.yaml.Yaml;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/** The one place failures become output: {@code error: ...} lines, an optional {@code hint:}, exit 1. */
public final class Failures {

    private Failures() {
    }

    public static int handle(Exception failure, CommandLine command, ParseResult parsed) {
        PrintWriter err = command.getErr();
        for (String line : messages(failure)) {
            err.println("error: " + line);
        }
        hint(failure).ifPresent(h -> err.println("hint: " + h));
        if (System.getenv("PIPELINE_GEN_DEBUG") != null) {
            failure.printStackTrace(err);
        }
        err.flush();
        return 1;
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
