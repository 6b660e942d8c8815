package dev.dockertag.pipelinegen.cli;

import dev.dockertag.pipelinegen.render.BranchPipeline;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Model.CommandSpec;

/** Generated text goes to {@code -o FILE} (written whole) or to stdout. */
final class Output {

    private Output() {}

    /** Writes the text; true when it went to a file. */
    static boolean write(CommandSpec spec, Optional<Path> file, String text) {
        if (file.isPresent()) {
            BranchPipeline.writeAtomically(file.get(), text);
            return true;
        }
        spec.commandLine().getOut().print(text);
        spec.commandLine().getOut().flush();
        return false;
    }
}
