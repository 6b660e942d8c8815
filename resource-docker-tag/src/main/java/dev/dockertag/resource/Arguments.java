package dev.dockertag.resource;

import dev.dockertag.failures.HintedException;
import dev.dockertag.registry.ImageReference;
import dev.dockertag.registry.RegistryClient;
import dev.dockertag.registry.RegistryException;
import dev.dockertag.registry.RepositoryClient;
import dev.dockertag.registry.RetryPolicy;
import dev.dockertag.resource.check.RegexChecker;
import dev.dockertag.resource.check.SemverChecker;
import dev.dockertag.resource.check.TagChecker;
import dev.dockertag.resource.get.Format;
import dev.dockertag.resource.get.ImageGetter;
import dev.dockertag.resource.protocol.CheckRequest;
import dev.dockertag.resource.protocol.InRequest;
import dev.dockertag.resource.protocol.OutRequest;
import dev.dockertag.resource.protocol.Payloads;
import dev.dockertag.resource.protocol.Source;
import dev.dockertag.resource.protocol.Version;
import dev.dockertag.resource.protocol.VersionResponse;
import dev.dockertag.resource.put.ImagePutter;
import dev.dockertag.resource.script.ErrorReport;
import dev.dockertag.resource.script.Lifetime;
import dev.dockertag.resource.script.Log;
import dev.dockertag.resource.source.Settings;
import dev.dockertag.resource.source.Tracking;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The three scripts of the resource protocol. Each one only wires: read the request from stdin,
 * check it, call the service, print the JSON response on stdout. Failures propagate to
 * {@link #execute}, the one place that reports them. The arguments are read by hand:
 * Concourse passes the script and at most one directory, and a CLI framework cost a check about a
 * third of its CPU time to start (issue 15).
 */
public final class ResourceCommands {

    static final String VERSION = "resource-docker-tag 0.1.0";

    /** Check tries less hard than in/out: Concourse runs it again in a minute anyway. */
    static final RetryPolicy CHECK_RETRIES = RetryPolicy.DEFAULT.withMaxAttempts(3);

    /** Each script: its argument, what it does, its retries, and its deadline when {@code source.timeout} is not set. */
    enum Script {
        CHECK("check", "", "Print the versions (tag, digest) newer than the one on stdin, oldest first.",
                "2m", CHECK_RETRIES),
        IN("in", "<destination>", "Fetch the version on stdin into <destination>.", "1h", RetryPolicy.DEFAULT),
        OUT("out", "<sources>", "Push the image (or promote the tag) named in params; paths are relative to <sources>.",
                "1h", RetryPolicy.DEFAULT);

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
        record Run(Script script, Optional<Path> directory) implements Invocation {
        }

        record Say(String text, int exitCode) implements Invocation {
        }
    }

    /** Reads {@code script [dir]}, {@code --help} and {@code --version}; usage errors exit with 2. */
    static Invocation parse(String... args) {
        if (args.length == 0) {
            return new Invocation.Say("error: no script given: expected check, in or out\n" + USAGE, 2);
        }
        if (isHelp(args[0])) {
            return new Invocation.Say(USAGE, 0);
        }
        if (args[0].equals("--version") || args[0].equals("-V")) {
            return new Invocation.Say(VERSION + "\n", 0);
        }
        Optional<Script> named = Script.named(args[0]);
        if (named.isEmpty()) {
            return new Invocation.Say("error: unknown script '" + args[0] + "': expected check, in or out\n" + USAGE, 2);
        }
        Script script = named.get();
        List<String> rest = List.of(args).subList(1, args.length);
        if (rest.stream().anyMatch(ResourceCommands::isHelp)) {
            return new Invocation.Say(script.usage(), 0);
        }
        for (String arg : rest) {
            if (arg.startsWith("-")) {
                return new Invocation.Say("error: unknown option '" + arg + "' for " + script.command + "\n"
                        + script.usage(), 2);
            }
        }
        int allowed = script.argument.isEmpty() ? 0 : 1;
        if (rest.size() > allowed) {
            return new Invocation.Say("error: " + script.command + " takes " + (allowed == 0 ? "no argument"
                    : "one argument, " + script.argument) + ", got: " + String.join(" ", rest) + "\n"
                    + script.usage(), 2);
        }
        return new Invocation.Run(script, rest.stream().findFirst().map(Path::of));
    }

    /**
     * Runs the script the arguments name and returns the exit code: 0, 1 for a failure (reported on
     * stderr by {@link ErrorReport}, the deadline's or a termination's report first), 2 for a usage
     * error. Shared by both entry points: {@link ResourceMain} (Quarkus': the native binary) and
     * {@link LauncherMain} (the JVM launchers).
     */
    static int execute(InputStream stdin, PrintStream stdout, PrintStream stderr, String... args) {
        Invocation invocation = parse(args);
        if (invocation instanceof Invocation.Say say) {
            stderr.print(say.text()); // --help must not reach Concourse's stdout either
            stderr.flush();
            return say.exitCode();
        }
        Log log = new Log(stderr);
        ResourceCommands commands = new ResourceCommands(stdin, stdout, log);
        try {
            commands.run((Invocation.Run) invocation);
            return 0;
        } catch (Exception failure) {
            Lifetime lifetime = commands.lifetime;
            if (lifetime == null) {
                ErrorReport.print(failure, log);
            } else if (lifetime.claimReport()) {
                ErrorReport.print(failure, log, lifetime.ending());
            }
            return 1;
        } finally {
            if (commands.lifetime != null) {
                commands.lifetime.close();
            }
        }
    }

    private static boolean isHelp(String arg) {
        return arg.equals("--help") || arg.equals("-h");
    }

    final InputStream stdin;
    final PrintStream stdout;
    final Log log;
    /** Set once the source is read; the error handler asks it how the script ended. */
    volatile Lifetime lifetime;

    ResourceCommands(InputStream stdin, PrintStream stdout, Log log) {
        this.stdin = stdin;
        this.stdout = stdout;
        this.log = log;
    }

    void run(Invocation.Run invocation) throws IOException {
        Path directory = invocation.directory().orElse(null);
        switch (invocation.script()) {
            case CHECK -> check();
            case IN -> in(directory);
            case OUT -> out(directory);
        }
    }

    <T> T request(Class<T> type) throws IOException {
        return Payloads.read(stdin.readAllBytes(), type);
    }

    Settings settings(Source source) {
        if (source != null) {
            log.redact(source.username(), source.password());
            log.redact(null, source.awsSecretAccessKey());
            log.redact(null, source.awsSessionToken());
            log.redact(null, source.azureClientSecret());
            log.enableDebug(source.isDebug());
            log.debug("source: " + source);
        }
        return Settings.of(source);
    }

    void respond(Object response) {
        byte[] json = Payloads.write(response);
        stdout.write(json, 0, json.length);
        stdout.println();
        stdout.flush();
    }

    /**
     * Starts the script's clock, runs {@code work} with a client for the source's repository bound by
     * it, and releases the client afterwards.
     */
    <T> T withRepository(Settings settings, Script script, RepositoryWork<T> work) throws IOException {
        lifetime = Lifetime.start(settings, script.command, script.defaultTimeout, log);
        RegistryClient client = RegistryClients.origin(settings, log, script.retries, lifetime.deadline());
        try {
            return work.run(client.repository(settings.repository()));
        } finally {
            client.close();
        }
    }

    @FunctionalInterface
    interface RepositoryWork<T> {
        T run(RepositoryClient repo) throws IOException;
    }

    /**
     * {@link #withRepository}, reading through {@code registry_mirror} first when the source has one:
     * {@code work} on the mirror's repository, and when it fails or ({@code enough}) finds nothing,
     * on the source's own (Docker Hub), saying why on stderr.
     */
    <T> T withMirrorFirst(Settings settings, Script script, RepositoryWork<T> work,
            java.util.function.Predicate<T> enough) throws IOException {
        Optional<ImageReference> mirror = settings.mirror();
        if (mirror.isEmpty()) {
            return withRepository(settings, script, work);
        }
        lifetime = Lifetime.start(settings, script.command, script.defaultTimeout, log);
        try (RegistryClient mirrorClient = RegistryClients.mirror(settings, log, script.retries, lifetime.deadline());
                RegistryClient origin = RegistryClients.origin(settings, log, script.retries, lifetime.deadline())) {
            String host = mirror.get().registry();
            try {
                T result = work.run(mirrorClient.repository(mirror.get()));
                if (enough.test(result)) {
                    log.info("read " + settings.source().repository() + " through registry_mirror " + host);
                    return result;
                }
                log.info("registry_mirror " + host + " does not have it; reading Docker Hub");
            } catch (RegistryException e) {
                log.info("registry_mirror " + host + " failed (" + e.getMessage() + "); reading Docker Hub");
            }
            return work.run(origin.repository(settings.repository()));
        }
    }

    static Path directory(Path given, String script, String what) {
        if (given == null) {
            throw new HintedException(what + " not given: Concourse runs '" + script + " <" + what + ">'");
        }
        if (!Files.isDirectory(given)) {
            throw new HintedException(what + " " + given + " is not a directory");
        }
        return given;
    }

    void check() throws IOException {
        CheckRequest request = request(CheckRequest.class);
        Settings settings = settings(request.source());
        Optional<Version> cursor = Optional.ofNullable(request.version());
        List<Version> versions = withMirrorFirst(settings, Script.CHECK, repo -> switch (settings.tracking()) {
            case Tracking.OneTag one -> new TagChecker(repo, log).check(one, cursor);
            case Tracking.MatchingTags regex -> new RegexChecker(repo, settings.platform(),
                    Settings.cacheDirectory(), log).check(regex, cursor);
            case Tracking.SemverTags semver -> new SemverChecker(repo, log).check(semver, cursor);
        }, found -> !found.isEmpty());
        respond(versions);
    }

    void in(Path destination) throws IOException {
        InRequest request = request(InRequest.class);
        Settings settings = settings(request.source());
        Path dir = directory(destination, "in", "destination directory");
        if (request.version() == null) {
            throw new HintedException("version is required: in fetches the version check found");
        }
        InRequest.Params params = request.paramsOrDefault();
        Format format = Format.parse(params.format());
        // the mirror serves the version when it has its digest; a failure there falls back to Docker Hub
        // (nothing is published into the destination before the whole image is in place)
        ImageGetter.Fetched fetched = withMirrorFirst(settings, Script.IN, repo -> {
            boolean origin = repo.name().registry().equals(settings.repository().registry());
            return origin || request.version().digest() != null && repo.resolve(request.version().digest()).isPresent()
                    ? Optional.of(new ImageGetter(repo, settings.source().repository(), settings.platform(), log,
                            lifetime, settings.metadataKeys()).get(request.version(), format,
                            Boolean.TRUE.equals(params.skipDownload()), dir))
                    : Optional.<ImageGetter.Fetched>empty();
        }, Optional::isPresent).orElseThrow(); // the source's own registry always answers or throws
        respond(new VersionResponse(fetched.version(), fetched.metadata()));
    }

    void out(Path sources) throws IOException {
        OutRequest request = request(OutRequest.class);
        Settings settings = settings(request.source());
        Path dir = directory(sources, "out", "build directory");
        ImagePutter.Pushed pushed = withRepository(settings, Script.OUT, repo ->
                new ImagePutter(repo, settings, log).put(request.paramsOrDefault(), dir));
        respond(new VersionResponse(pushed.version(), pushed.metadata()));
    }
}
