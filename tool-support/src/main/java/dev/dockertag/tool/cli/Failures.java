package dev.dockertag.tool.cli;

import dev.dockertag.failures.ExitCodes;
import dev.dockertag.failures.FailureReport;
import dev.dockertag.failures.HintedException;
import dev.dockertag.failures.RegistryFailures;
import java.io.PrintWriter;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.MissingParameterException;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * A command-line tool's error handler: prints {@link FailureReport}'s lines ({@code error: ...}, an optional
 * {@code hint:}) and returns its exit code; a stack trace only when the tool's debug variable is set.
 */
public final class Failures implements IExecutionExceptionHandler {

    private final String debugVariable;
    private final Function<String, RegistryFailures.Keys> keysOfCommand;

    private Failures(String debugVariable, Function<String, RegistryFailures.Keys> keysOfCommand) {
        this.debugVariable = debugVariable;
        this.keysOfCommand = keysOfCommand;
    }

    /**
     * The handler for a tool whose stack traces are shown when {@code debugVariable} is set, and whose hints for a
     * registry failure name {@code keys}.
     */
    public static Failures printingStackTracesWhen(String debugVariable, RegistryFailures.Keys keys) {
        return new Failures(debugVariable, command -> keys);
    }

    /** The same, with keys (and what a registry failure means) that depend on the command's name. */
    public static Failures printingStackTracesWhen(
            String debugVariable, Function<String, RegistryFailures.Keys> keysOfCommand) {
        return new Failures(debugVariable, keysOfCommand);
    }

    /**
     * Makes this the error handler of {@code commandLine}, and {@link ExitCodes#USAGE} the exit code of a command line
     * that does not parse, for it and every subcommand: the same in every tool.
     */
    public CommandLine handle(CommandLine commandLine) {
        commandLine.setExecutionExceptionHandler(this);
        commandLine.setParameterExceptionHandler(Failures::badCommandLine);
        setUsageCode(commandLine);
        return commandLine;
    }

    /**
     * A command line that does not parse: what is wrong in one {@code error:} line, picocli's suggestions for a
     * misspelled option, and a {@code hint:} pointing at the command's own help (not the whole usage, which buried the
     * one line that mattered).
     */
    private static int badCommandLine(ParameterException e, String[] args) {
        CommandLine command = e.getCommandLine();
        PrintWriter err = command.getErr();
        err.println("error: " + e.getMessage());
        UnmatchedArgumentException.printSuggestions(e, err);
        String name = command.getCommandSpec().qualifiedName();
        boolean target = e instanceof MissingParameterException missing
                && missing.getMissing().stream()
                        .anyMatch(a ->
                                a.isOption() && ((OptionSpec) a).longestName().equals("--target"));
        err.println("hint: "
                + (target
                        ? "-t names the fly target (one of `fly targets`); " + name
                                + " needs it with --dry-run too, since the" + " fly command it prints names it"
                        : name + " --help lists its options"));
        err.flush();
        return command.getCommandSpec().exitCodeOnInvalidInput();
    }

    private static void setUsageCode(CommandLine commandLine) {
        commandLine.getCommandSpec().exitCodeOnInvalidInput(ExitCodes.USAGE);
        commandLine.getSubcommands().values().forEach(Failures::setUsageCode);
    }

    @Override
    public int handleExecutionException(Exception failure, CommandLine command, ParseResult parsed) {
        PrintWriter err = command.getErr();
        FailureReport report = FailureReport.of(failure, keysOfCommand.apply(command.getCommandName()));
        report.errors().forEach(line -> err.println("error: " + line));
        report.hint().ifPresent(h -> err.println("hint: " + h));
        if (System.getenv(debugVariable) != null) {
            failure.printStackTrace(err);
        }
        err.flush();
        return report.exitCode();
    }

    /** A command refused or failed for a reason it explains itself. */
    public static final class CommandFailure extends HintedException {
        public CommandFailure(String message, String hint) {
            super(message, hint);
        }
    }
}
