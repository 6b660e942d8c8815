package dev.dockertag.reaper;

import io.quarkus.runtime.QuarkusApplication;
import io.quarkus.runtime.annotations.QuarkusMain;
import picocli.CommandLine;

/** Entry point: hands the arguments to picocli and returns its exit code. */
@QuarkusMain
public class ReaperMain implements QuarkusApplication {

    @Override
    public int run(String... args) {
        return new CommandLine(new ReaperCommand()).execute(args);
    }
}
