package dev.dockertag.resource;

import dev.dockertag.registry.RegistryClient;
import dev.dockertag.registry.RepositoryClient;
import dev.dockertag.registry.RetryPolicy;
import dev.dockertag.resource.check.RegexChecker;
import dev.dockertag.resource.check.TagChecker;
import dev.dockertag.resource.check.Tracking;
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
import dev.dockertag.resource.support.Lifetime;
import dev.dockertag.resource.support.Log;
import dev.dockertag.resource.support.ResourceException;
import dev.dockertag.resource.support.Settings;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * The three scripts of the resource protocol. Each one only wires: read the request from stdin,
 * check it, call the service, print the JSON response on stdout. Failures propagate to the handler
 * in {@link ResourceMain}.
 */
@Command(name = "resource-docker-tag", mixinStandardHelpOptions = true, version = "resource-docker-tag 0.1.0",
        description = {"The Concourse resource type for <branch>-latest and commit tags.",
                "Concourse runs it as /opt/resource/check, /opt/resource/in <dir>, /opt/resource/out <dir>",
                "with the request JSON on stdin; the response JSON goes to stdout, logs to stderr."},
        subcommands = {ResourceCommands.Check.class, ResourceCommands.In.class, ResourceCommands.Out.class})
public final class ResourceCommands implements Runnable {

    /** Check tries less hard than in/out: Concourse runs it again in a minute anyway. */
    static final RetryPolicy CHECK_RETRIES = RetryPolicy.DEFAULT.withMaxAttempts(3);

    /** Each script's retries, and its deadline when {@code source.timeout} is not set. */
    enum Script {
        CHECK("check", "2m", CHECK_RETRIES), IN("in", "1h", RetryPolicy.DEFAULT), OUT("out", "1h", RetryPolicy.DEFAULT);

        final String command;
        final String defaultTimeout;
        final RetryPolicy retries;

        Script(String command, String defaultTimeout, RetryPolicy retries) {
            this.command = command;
            this.defaultTimeout = defaultTimeout;
            this.retries = retries;
        }
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

    @Override
    public void run() {
        picocli.CommandLine.usage(this, System.err);
    }

    <T> T request(Class<T> type) throws IOException {
        return Payloads.read(stdin.readAllBytes(), type);
    }

    Settings settings(Source source) {
        if (source != null) {
            log.redact(source.username(), source.password());
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
        RegistryClient client = settings.client(log, script.retries, lifetime.deadline());
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

    static Path directory(Path given, String script, String what) {
        if (given == null) {
            throw new ResourceException(what + " not given: Concourse runs '" + script + " <" + what + ">'");
        }
        if (!Files.isDirectory(given)) {
            throw new ResourceException(what + " " + given + " is not a directory");
        }
        return given;
    }

    @Command(name = "check", mixinStandardHelpOptions = true, description = "Print the versions (tag, digest) newer than the one on stdin, oldest first.")
    static final class Check implements Callable<Integer> {
        @picocli.CommandLine.ParentCommand
        ResourceCommands parent;

        @Override
        public Integer call() throws IOException {
            CheckRequest request = parent.request(CheckRequest.class);
            Settings settings = parent.settings(request.source());
            Optional<Version> cursor = Optional.ofNullable(request.version());
            List<Version> versions = parent.withRepository(settings, Script.CHECK, repo -> switch (settings.tracking()) {
                case Tracking.OneTag one -> new TagChecker(repo, parent.log).check(one, cursor);
                case Tracking.MatchingTags regex -> new RegexChecker(repo, settings.platform(),
                        Settings.cacheDirectory(), parent.log).check(regex, cursor);
            });
            parent.respond(versions);
            return 0;
        }
    }

    @Command(name = "in", mixinStandardHelpOptions = true, description = "Fetch the version on stdin into <destination>.")
    static final class In implements Callable<Integer> {
        @picocli.CommandLine.ParentCommand
        ResourceCommands parent;

        @Parameters(index = "0", arity = "0..1", paramLabel = "<destination>")
        Path destination;

        @Override
        public Integer call() throws IOException {
            InRequest request = parent.request(InRequest.class);
            Settings settings = parent.settings(request.source());
            Path dir = directory(destination, "in", "destination directory");
            if (request.version() == null) {
                throw new ResourceException("version is required: in fetches the version check found");
            }
            InRequest.Params params = request.paramsOrDefault();
            Format format = Format.parse(params.format());
            ImageGetter.Fetched fetched = parent.withRepository(settings, Script.IN, repo ->
                    new ImageGetter(repo, settings.source().repository(), settings.platform(), parent.log,
                            parent.lifetime)
                            .get(request.version(), format, Boolean.TRUE.equals(params.skipDownload()), dir));
            parent.respond(new VersionResponse(fetched.version(), fetched.metadata()));
            return 0;
        }
    }

    @Command(name = "out", mixinStandardHelpOptions = true, description = "Push the image (or promote the tag) named in params; paths are relative to <sources>.")
    static final class Out implements Callable<Integer> {
        @picocli.CommandLine.ParentCommand
        ResourceCommands parent;

        @Parameters(index = "0", arity = "0..1", paramLabel = "<sources>")
        Path sources;

        @Override
        public Integer call() throws IOException {
            OutRequest request = parent.request(OutRequest.class);
            Settings settings = parent.settings(request.source());
            Path dir = directory(sources, "out", "build directory");
            ImagePutter.Pushed pushed = parent.withRepository(settings, Script.OUT, repo ->
                    new ImagePutter(repo, settings, parent.log).put(request.paramsOrDefault(), dir));
            parent.respond(new VersionResponse(pushed.version(), pushed.metadata()));
            return 0;
        }
    }
}
