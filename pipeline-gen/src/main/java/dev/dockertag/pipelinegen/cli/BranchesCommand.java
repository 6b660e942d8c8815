package dev.dockertag.pipelinegen.cli;

import dev.dockertag.pipelinegen.render.BranchList;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
        name = "branches",
        mixinStandardHelpOptions = true,
        header = "Turns a branches.json into the names the tracker sets pipelines for.",
        description = {
            "Turns the branches.json of the tracker's branches resource (the git resource's branches mode:"
                    + " a list of names; git-branches-resource: objects with a name) into a sorted list of names, less"
                    + " the excluded ones, for load_var. The tracker's render task runs it."
        })
public class BranchesCommand implements Callable<Integer> {

    @Option(names = "--from", required = true, paramLabel = "FILE", description = "The resource's branches.json.")
    Path from;

    @Option(
            names = "--exclude",
            paramLabel = "GLOB",
            description = "Leave out branches the glob matches (* within a" + " path segment, ** across); repeatable.")
    List<String> exclude = new ArrayList<>();

    @Option(
            names = {"-o", "--output"},
            paramLabel = "FILE",
            description = "Write the list here instead of stdout.")
    Optional<Path> output;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        List<String> names = BranchList.read(from, exclude);
        if (Output.write(spec, output, BranchList.json(names))) {
            spec.commandLine().getErr().println(names.size() + " branches written to " + output.get());
            spec.commandLine().getErr().flush();
        }
        return 0;
    }
}
