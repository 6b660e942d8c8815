package dev.dockertag.pipelinegen;

import dev.dockertag.pipelinegen.cli.BranchesCommand;
import dev.dockertag.pipelinegen.cli.DestroyCommand;
import dev.dockertag.pipelinegen.cli.InitCommand;
import dev.dockertag.pipelinegen.cli.RenderCommand;
import dev.dockertag.pipelinegen.cli.SetCommand;
import dev.dockertag.pipelinegen.cli.TrackerCommand;
import dev.dockertag.pipelinegen.cli.ValidateCommand;
import dev.dockertag.pipelinegen.cli.WebhooksCommand;
import picocli.CommandLine.Command;

/** Renders per-branch Concourse pipelines that build their own images inline, and wraps fly. */
@Command(
        name = "pipeline-gen",
        mixinStandardHelpOptions = true,
        version = "pipeline-gen 0.1.0",
        description = "Renders per-branch Concourse pipelines that build their own images inline, and wraps fly.",
        subcommands = {
            RenderCommand.class,
            SetCommand.class,
            DestroyCommand.class,
            ValidateCommand.class,
            TrackerCommand.class,
            BranchesCommand.class,
            InitCommand.class,
            WebhooksCommand.class
        })
public class PipelineGenCommand implements Runnable {

    @Override
    public void run() {
        picocli.CommandLine.usage(this, System.err);
    }
}
