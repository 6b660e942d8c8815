package dev.dockertag.pipelinegen.cli;

import java.util.Optional;
import picocli.CommandLine.Option;

/** The options {@code set} and {@code destroy} share. */
public class FlyOptions {

    @Option(names = {"-t", "--target"}, required = true, description = "The fly target (fly -t).")
    String target;

    @Option(names = {"-b", "--branch"}, description = "The branch (default: the current git branch).")
    Optional<String> branch;

    @Option(names = "--instanced", description = "One instanced pipeline <name> with the instance var branch,"
            + " instead of a pipeline <name>-<branch slug>.")
    boolean instanced;

    @Option(names = "--dry-run", description = "Print the fly command instead of running it.")
    boolean dryRun;

    @Option(names = {"-n", "--non-interactive"}, description = "Pass -n to fly: do not ask for confirmation.")
    boolean nonInteractive;

    @Option(names = "--fly", paramLabel = "PATH", description = "The fly executable (default: $FLY, else fly on PATH).")
    Optional<String> fly;

    Optional<String> flyPath() {
        return fly.isPresent() ? fly : Optional.ofNullable(System.getenv("FLY")).filter(s -> !s.isBlank());
    }
}
