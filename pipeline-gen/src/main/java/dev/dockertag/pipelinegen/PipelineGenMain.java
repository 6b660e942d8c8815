package dev.dockertag.pipelinegen;

import dev.dockertag.failures.RegistryFailures;
import dev.dockertag.tool.cli.Failures;
import io.quarkus.runtime.QuarkusApplication;
import io.quarkus.runtime.annotations.QuarkusMain;
import java.io.PrintWriter;
import picocli.CommandLine;

/** Entry point: hands the arguments to picocli and returns its exit code. */
@QuarkusMain
public class PipelineGenMain implements QuarkusApplication {

    @Override
    public int run(String... args) {
        return execute(args);
    }

    /** Runs the command line; failures print {@code error:} lines and exit 1. */
    public static int execute(String... args) {
        return execute(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
    }

    /** The same, writing to the given streams (tests capture them). */
    public static int execute(PrintWriter out, PrintWriter err, String... args) {
        // pipeline-gen talks to no registry; should a registry failure reach here, its hint names the
        // keys of the image resources it renders
        return Failures.printingStackTracesWhen("PIPELINE_GEN_DEBUG", RegistryFailures.Keys.RESOURCE)
                .handle(new CommandLine(new PipelineGenCommand()).setOut(out).setErr(err))
                .execute(args);
    }
}
