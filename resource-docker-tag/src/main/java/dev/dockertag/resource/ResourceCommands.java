package dev.dockertag.resource;

import dev.dockertag.resource.Arguments.Invocation;
import dev.dockertag.resource.script.ErrorReport;
import dev.dockertag.resource.script.Log;
import java.io.InputStream;
import java.io.PrintStream;

/**
 * The resource's edge: the arguments to a script ({@link Arguments}), the script run ({@link CheckScript},
 * {@link InScript}, {@link OutScript}, each in a {@link ScriptRun}), and every failure to stderr and an exit code.
 * Shared by both entry points: {@link ResourceMain} (Quarkus': the native binary) and {@link LauncherMain} (the JVM
 * launchers).
 */
public final class ResourceCommands {

    private ResourceCommands() {}

    /**
     * Runs the script the arguments name and returns the exit code: 0; 1 for a failure, reported on stderr by
     * {@link ErrorReport} (the deadline's or a termination's report first); the usage error code of {@code ExitCodes}
     * for arguments that do not parse.
     */
    static int execute(InputStream stdin, PrintStream stdout, PrintStream stderr, String... args) {
        Invocation invocation = Arguments.parse(args);
        if (invocation instanceof Invocation.Say say) {
            stderr.print(say.text()); // --help must not reach Concourse's stdout either
            stderr.flush();
            return say.exitCode();
        }
        Invocation.Run run = (Invocation.Run) invocation;
        ScriptStreams streams = new ScriptStreams(stdin, stdout, new Log(stderr));
        try {
            switch (run.script()) {
                case CHECK -> CheckScript.run(streams);
                case IN -> InScript.run(streams, run.directory());
                case OUT -> OutScript.run(streams, run.directory());
            }
            return 0;
        } catch (ScriptRun.Reported reported) {
            return 1;
        } catch (Exception failure) {
            ErrorReport.print(failure, streams.log());
            return 1;
        }
    }
}
