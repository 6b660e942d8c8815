package dev.dockertag.pipelinegen.cli;

import dev.dockertag.pipelinegen.fly.PipelineCommands;
import dev.dockertag.pipelinegen.git.BranchTarget;
import dev.dockertag.pipelinegen.render.BranchPipeline;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
        name = "render",
        mixinStandardHelpOptions = true,
        header = "Renders the branch pipeline (to stdout or -o FILE).",
        description = {
            "Renders the branch pipeline YAML (to stdout, or to -o FILE).",
            "The branch comes in as ((branch)), so one rendering serves every branch; --branch (default: the"
                    + " checked-out branch) names the pipeline in the messages."
        })
public class RenderCommand implements Callable<Integer> {

    @Mixin
    ConfigOption config;

    @Option(
            names = {"-b", "--branch"},
            description = "The branch (default: the current git branch).")
    Optional<String> branch;

    @Option(
            names = {"-o", "--output"},
            paramLabel = "FILE",
            description = "Write the pipeline here instead of stdout.")
    Optional<Path> output;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        BranchPipeline pipeline = BranchPipeline.render(config.config);
        BranchTarget target = BranchTarget.of(config.repositoryDir(), branch);
        pipeline.warnings().forEach(w -> spec.commandLine().getErr().println("warning: " + w));
        if (Output.write(spec, output, pipeline.yaml())) {
            spec.commandLine()
                    .getErr()
                    .println("rendered " + output.get() + " for branch '" + target.branch()
                            + "' (pipeline "
                            + (pipeline.config().instancedByDefault()
                                    ? pipeline.config().name() + "/branch:" + PipelineCommands.quoteRef(target.branch())
                                    : pipeline.config().pipelineName(target.slug()))
                            + ")");
        }
        spec.commandLine().getErr().flush();
        return 0;
    }
}
