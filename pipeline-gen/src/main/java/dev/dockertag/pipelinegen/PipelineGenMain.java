package dev.dockertag.pipelinegen;

import io.quarkus.runtime.QuarkusApplication;
import io.quarkus.runtime.annotations.QuarkusMain;
import picocli.CommandLine;

/** Entry point: hands the arguments to picocli and returns its exit code. */
@QuarkusMain
public class PipelineGenMain implements QuarkusApplication {

    @Override
    public int run(String... args) {
        return new CommandLine(new PipelineGenCommand()).execute(args);
    }
}
