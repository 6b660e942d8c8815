package dev.dockertag.resource;

import dev.dockertag.failures.ExitCodes;
import dev.dockertag.registry.RetryPolicy;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The arguments of the resource, read by hand: Concourse passes the script and at most one directory, and a CLI
 * framework cost a check about a third of its CPU time to start (issue 15).
 */
final class Arguments {

    static final String VERSION = "resource-docker-tag 0.1.0";

    /** Check tries less hard than in/out: Concourse runs it again in a minute anyway. */
    static final RetryPolicy CHECK_RETRIES = RetryPolicy.DEFAULT.withMaxAttempts(3);

    /**
     * Each script: its argument, what it does, its retries, and its deadline when {@code source.timeout} is not set.
     */
    enum Script {
        CHECK(
                "check",
                "",
                "Print the versions (tag, digest) newer than the one on stdin, oldest first.",
                "2m",
                CHECK_RETRIES),
        IN("in", "<destination>", "Fetch the version on stdin into <destination>.", "1h", RetryPolicy.DEFAULT),
        OUT(
                "out",
                "<sources>",
                "Push the image (or promote the tag) named in params; paths are relative to <sources>.",
                "1h",
                RetryPolicy.DEFAULT);

        final String command;
        final String argument;
        final String description;
        final String defaultTimeout;
        final RetryPolicy retries;

        Script(String command, String argument, String description, String defaultTimeout, RetryPolicy retries) {
            this.command = command;
            this.argument = argument;
            this.description = description;
            this.defaultTimeout = defaultTimeout;
            this.retries = retries;
        }

        static Optional<Script> named(String name) {
            for (Script script : values()) {
                if (script.command.equals(name)) {
                    return Optional.of(script);
                }
            }
            return Optional.empty();
        }

        String usage() {
            return "Usage: resource-docker-tag " + command + (argument.isEmpty() ? "" : " " + argument)
                    + " < request.json\n" + description + "\n";
        }
    }

    static final String USAGE = """
            Usage: resource-docker-tag (check | in <destination> | out <sources>) < request.json
                   resource-docker-tag [--help | --version]
            The Concourse resource type for <branch>-latest and commit tags.
            Concourse runs it as /opt/resource/check, /opt/resource/in <dir>, /opt/resource/out <dir>
            with the request JSON on stdin; the response JSON goes to stdout, logs to stderr.
            """;

    /** What the arguments ask for: a script with its directory, or a text for stderr and an exit code. */
    sealed interface Invocation {
        record Run(Script script, Optional<Path> directory) implements Invocation {}

        record Say(String text, int exitCode) implements Invocation {}
    }

    private Arguments() {}

    /**
     * Reads {@code script [dir]}, {@code --help} and {@code --version}; usage errors exit with {@link ExitCodes#USAGE}.
     */
    static Invocation parse(String... args) {
        if (args.length == 0) {
            return usageError("error: no script given: expected check, in or out\n" + USAGE);
        }
        if (isHelp(args[0])) {
            return new Invocation.Say(USAGE, 0);
        }
        if (args[0].equals("--version") || args[0].equals("-V")) {
            return new Invocation.Say(VERSION + "\n", 0);
        }
        Optional<Script> named = Script.named(args[0]);
        if (named.isEmpty()) {
            return usageError("error: unknown script '" + args[0] + "': expected check, in or out\n" + USAGE);
        }
        Script script = named.get();
        List<String> rest = List.of(args).subList(1, args.length);
        if (rest.stream().anyMatch(Arguments::isHelp)) {
            return new Invocation.Say(script.usage(), 0);
        }
        for (String arg : rest) {
            if (arg.startsWith("-")) {
                return usageError("error: unknown option '" + arg + "' for " + script.command + "\n" + script.usage());
            }
        }
        int allowed = script.argument.isEmpty() ? 0 : 1;
        if (rest.size() > allowed) {
            return usageError("error: " + script.command + " takes "
                    + (allowed == 0 ? "no argument" : "one argument, " + script.argument) + ", got: "
                    + String.join(" ", rest) + "\n" + script.usage());
        }
        return new Invocation.Run(script, rest.stream().findFirst().map(Path::of));
    }

    private static Invocation usageError(String text) {
        return new Invocation.Say(text, ExitCodes.USAGE);
    }

    private static boolean isHelp(String arg) {
        return arg.equals("--help") || arg.equals("-h");
    }
}
