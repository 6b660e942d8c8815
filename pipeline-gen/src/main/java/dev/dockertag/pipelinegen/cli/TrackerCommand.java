package dev.dockertag.pipelinegen.cli;

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
        name = "tracker",
        mixinStandardHelpOptions = true,
        header = "Renders the parent pipeline that sets one pipeline per branch.",
        description = {
            "Renders the parent pipeline that lists the remote's branches (Concourse 8: the git resource's",
            "branches mode; 7: git-branches-resource) and sets one instanced branch pipeline per branch",
            "(set_pipeline + across); Concourse archives the pipelines of deleted branches. With",
            "tracker.reaper_config it also runs the reaper after each new branch list and on a schedule."
        })
public class TrackerCommand implements Callable<Integer> {

    @Mixin
    ConfigOption config;

    @Option(
            names = {"-o", "--output"},
            paramLabel = "FILE",
            description = "Write the pipeline here instead of stdout.")
    Optional<Path> output;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Output.write(spec, output, BranchPipeline.tracker(config.config));
        return 0;
    }
}
