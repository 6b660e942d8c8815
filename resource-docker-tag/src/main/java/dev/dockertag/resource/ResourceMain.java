package dev.dockertag.resource;

import dev.dockertag.resource.support.ErrorReport;
import dev.dockertag.resource.support.Log;
import io.quarkus.runtime.QuarkusApplication;
import io.quarkus.runtime.annotations.QuarkusMain;
import java.io.PrintStream;
import picocli.CommandLine;

/**
 * Entry point of {@code check}, {@code in} and {@code out}: the script is the first argument.
 * {@code /opt/resource/check} etc. are two-line launchers that pass it ({@code exec ... check "$@"}).
 */
@QuarkusMain
public class ResourceMain implements QuarkusApplication {

    @Override
    public int run(String... args) {
        return execute(System.in, System.out, System.err, args);
    }

    static int execute(java.io.InputStream stdin, PrintStream stdout, PrintStream stderr, String... args) {
        Log log = new Log(stderr);
        CommandLine commandLine = new CommandLine(new ResourceCommands(stdin, stdout, log));
        commandLine.setOut(new java.io.PrintWriter(stderr, true)); // --help must not reach Concourse's stdout
        commandLine.setErr(new java.io.PrintWriter(stderr, true));
        commandLine.setExecutionExceptionHandler((failure, cmd, parsed) -> {
            ErrorReport.print(failure, log);
            return 1;
        });
        return commandLine.execute(args);
    }
}
