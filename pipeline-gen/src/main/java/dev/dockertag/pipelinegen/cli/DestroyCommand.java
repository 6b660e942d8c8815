package dev.dockertag.pipelinegen.cli;

import dev.dockertag.pipelinegen.config.ConfigLoader;
import dev.dockertag.pipelinegen.config.GenConfig;
import dev.dockertag.pipelinegen.fly.PipelineCommands;
import dev.dockertag.pipelinegen.git.BranchTarget;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(
        name = "destroy",
        mixinStandardHelpOptions = true,
        header = "Destroys a branch's pipeline with fly, even for a deleted branch.",
        description = {
            "Runs fly -t T destroy-pipeline -p <name>/branch:<branch> for the branch (the instanced",
            "pipeline; --no-instanced, or concourse: 7 without --instanced: -p <name>-<slug>).",
            "The branch need not exist any more."
        })
public class DestroyCommand implements Callable<Integer> {

    @Mixin
    ConfigOption config;

    @Mixin
    FlyOptions fly;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        BranchTarget target = BranchTarget.of(config.repositoryDir(), fly.branch);
        GenConfig loaded = ConfigLoader.load(config.config);
        return Runs.fly(
                spec,
                fly,
                PipelineCommands.destroy(
                        fly.target,
                        loaded.name(),
                        target.slug(),
                        target.branch(),
                        fly.instanced(loaded),
                        fly.nonInteractive));
    }
}
