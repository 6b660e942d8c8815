package dev.dockertag.pipelinegen.cli;

import dev.dockertag.pipelinegen.config.GenConfig;
import java.util.Optional;
import picocli.CommandLine.Option;

/** The options {@code set} and {@code destroy} share. */
public class FlyOptions {

    @Option(
            names = {"-t", "--target"},
            required = true,
            description = "The fly target (fly -t).")
    String target;

    @Option(
            names = {"-b", "--branch"},
            description = "The branch (default: the current git branch).")
    Optional<String> branch;

    @Option(
            names = "--instanced",
            negatable = true,
            description = "One instanced pipeline <name> with the instance var branch"
                    + " (--no-instanced: a pipeline <name>-<branch slug>)."
                    + " Default: instanced for concourse: 8, not for 7.")
    Boolean instanced;

    /** The flag when given, else what the config's Concourse version does by default. */
    boolean instanced(GenConfig config) {
        return instanced != null ? instanced : config.instancedByDefault();
    }

    @Option(names = "--dry-run", description = "Print the fly command instead of running it.")
    boolean dryRun;

    @Option(
            names = {"-n", "--non-interactive"},
            description = "Pass -n to fly: do not ask for confirmation.")
    boolean nonInteractive;

    @Option(names = "--fly", paramLabel = "PATH", description = "The fly executable (default: $FLY, else fly on PATH).")
    Optional<String> fly;

    Optional<String> flyPath() {
        return fly.isPresent() ? fly : Optional.ofNullable(System.getenv("FLY")).filter(s -> !s.isBlank());
    }
}
