package dev.dockertag.reaper;

import dev.dockertag.failures.ExitCodes;
import dev.dockertag.failures.RedactingWriter;
import dev.dockertag.failures.Redactor;
import dev.dockertag.failures.RegistryFailures;
import dev.dockertag.tool.cli.Failures;
import io.quarkus.runtime.QuarkusApplication;
import io.quarkus.runtime.annotations.QuarkusMain;
import java.io.PrintWriter;
import picocli.CommandLine;

/** Entry point: hands the arguments to picocli and returns its exit code. */
@QuarkusMain
public class ReaperMain implements QuarkusApplication {

    @Override
    public int run(String... args) {
        return execute(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
    }

    /**
     * Runs the command line; failures print {@code error:} lines and exit 1 (2: a registry that cannot delete; a
     * command line that does not parse: {@link ExitCodes#USAGE}, as in every tool). A registry failure's hint says what
     * it means for the command: in plan and apply, one met while listing or planning (failures during the deletions
     * become an ApplyFailure naming the journal), so nothing was deleted; in undo, one that stopped the restore part
     * way.
     */
    public static int execute(PrintWriter out, PrintWriter err, String... args) {
        Failures failures = Failures.printingStackTracesWhen(
                "REAPER_DEBUG",
                command -> RegistryFailures.Keys.REAPER.withAfterwards(
                        command.equals("undo")
                                ? "the restore stopped there: the tags listed above are back, the others are"
                                        + " not; run reaper undo again once the registry takes pushes"
                                        + " (what is back is pushed again unchanged)"
                                : "nothing was deleted: the run stops at the first registry failure before deleting"));
        // every secret the configuration names is redacted from both streams, whatever a server echoes
        return failures.handle(new CommandLine(new ReaperCommand())
                        .setOut(new PrintWriter(new RedactingWriter(out, Redactor.process()), true))
                        .setErr(new PrintWriter(new RedactingWriter(err, Redactor.process()), true)))
                .execute(args);
    }
}
