package dev.dockertag.reaper;

import dev.dockertag.failures.HintedException;
import dev.dockertag.failures.RegistryFailures;
import dev.dockertag.registry.RegistryException;
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

    /** A command line picocli cannot parse (sysexits' EX_USAGE), so that 2 means only "cannot delete". */
    public static final int USAGE = 64;

    /**
     * Runs the command line; failures print {@code error:} lines and exit 1 (2: a registry that cannot
     * delete; 64: a command line that does not parse).
     */
    public static int execute(PrintWriter out, PrintWriter err, String... args) {
        Failures failures = Failures.printingStackTracesWhen("REAPER_DEBUG", RegistryFailures.Keys.REAPER);
        CommandLine commandLine = new CommandLine(new ReaperCommand()).setOut(out).setErr(err)
                .setExecutionExceptionHandler((e, command, parsed) -> failures.handleExecutionException(
                        e instanceof RegistryException r ? new RegistryRefusal(r, command.getCommandName()) : e,
                        command, parsed));
        commandLine.getCommandSpec().exitCodeOnInvalidInput(USAGE);
        commandLine.getSubcommands().values().forEach(c -> c.getCommandSpec().exitCodeOnInvalidInput(USAGE));
        return commandLine.execute(args);
    }

    /**
     * A registry failure that reached the command: in plan and apply, one while listing or planning
     * (failures during the deletions become an ApplyFailure naming the journal), so nothing was deleted;
     * in undo, one that stopped the restore part way. Its message says what was tried and why it failed.
     */
    static final class RegistryRefusal extends HintedException {
        RegistryRefusal(RegistryException e, String command) {
            super(RegistryFailures.message(e, RegistryFailures.Keys.REAPER),
                    RegistryFailures.hint(e, RegistryFailures.Keys.REAPER).map(h -> h + "; ").orElse("")
                            + (command.equals("undo")
                            ? "the restore stopped there: the tags listed above are back, the others are not; run"
                                    + " reaper undo again once the registry takes pushes (what is back is pushed again"
                                    + " unchanged)"
                            : "nothing was deleted: the run stops at the first registry failure before deleting"));
        }
    }
}
