package dev.dockertag.resource;

import io.quarkus.runtime.QuarkusApplication;
import io.quarkus.runtime.annotations.QuarkusMain;
import picocli.CommandLine;

/** Entry point: hands the arguments to picocli and returns its exit code. */
@QuarkusMain
public class ResourceMain implements QuarkusApplication {

    @Override
    public int run(String... args) {
        return new CommandLine(new ResourceCommand()).execute(args);
    }
}
