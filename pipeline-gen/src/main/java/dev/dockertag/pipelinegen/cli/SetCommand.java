package dev.dockertag.pipelinegen.cli;

import dev.dockertag.pipelinegen.fly.PipelineCommands;
import dev.dockertag.pipelinegen.git.BranchTarget;
import dev.dockertag.pipelinegen.render.BranchPipeline;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
        name = "set",
        mixinStandardHelpOptions = true,
        header = "Renders, validates and sets the branch pipeline with fly.",
        description = {
            "Renders and validates the branch pipeline, then runs",
            "  fly -t T set-pipeline -p <name> -c <file> --instance-var branch=<branch>",
            "(--no-instanced, or concourse: 7 without --instanced: -p <name>-<slug> -v branch=<branch>).",
            "Refuses a detached HEAD, a branch the remote does not have, and a slug another remote branch shares."
        })
public class SetCommand implements Callable<Integer> {

    @Mixin
    ConfigOption config;

    @Mixin
    FlyOptions fly;

    @Option(
            names = "--remote",
            defaultValue = "origin",
            description = "The git remote to check the branch against" + " (default: ${DEFAULT-VALUE}).")
    String remote;

    @Option(
            names = {"-o", "--output"},
            paramLabel = "FILE",
            description = "Where the rendered pipeline is written" + " (default: $TMPDIR/pipeline-gen/<pipeline>.yml).")
    Optional<Path> output;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        BranchTarget target =
                BranchTarget.of(config.repositoryDir(), fly.branch).requireOnRemote(config.repositoryDir(), remote);
        BranchPipeline pipeline = BranchPipeline.render(config.config);
        pipeline.warnings().forEach(w -> spec.commandLine().getErr().println("warning: " + w));
        String name = pipeline.config().name();
        Path file = output.orElseGet(() -> Path.of(
                System.getProperty("java.io.tmpdir"),
                "pipeline-gen",
                pipeline.config().pipelineName(target.slug()) + ".yml"));
        BranchPipeline.writeAtomically(file, pipeline.yaml());
        List<String> args = PipelineCommands.set(
                fly.target,
                name,
                target.slug(),
                target.branch(),
                file.toAbsolutePath(),
                fly.instanced(pipeline.config()),
                fly.nonInteractive);
        return Runs.fly(spec, fly, args);
    }
}
