package dev.dockertag.pipelinegen.cli;

import dev.dockertag.pipelinegen.config.ConfigLoader;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --config}, shared by the commands that read pipeline-gen.yml. */
public class ConfigOption {

    @Option(
            names = {"-c", "--config"},
            paramLabel = "FILE",
            defaultValue = ConfigLoader.DEFAULT_FILE,
            description = "The pipeline-gen config (default: ${DEFAULT-VALUE} in the current directory).")
    Path config;

    /** The directory commands look for the git repository from: the config's. */
    Path repositoryDir() {
        Path parent = config.toAbsolutePath().getParent();
        return parent == null ? Path.of(".") : parent;
    }
}
