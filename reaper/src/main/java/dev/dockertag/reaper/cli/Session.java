package dev.dockertag.reaper.cli;

import dev.dockertag.reaper.config.ReaperConfig;
import dev.dockertag.reaper.config.ReaperConfigLoader;
import dev.dockertag.reaper.provider.Deleters;
import dev.dockertag.reaper.survey.RegistryConnection;
import dev.dockertag.registry.Deadline;
import dev.dockertag.registry.RegistryClient;
import dev.dockertag.registry.RequestObserver;
import dev.dockertag.tool.config.Durations;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/**
 * What every command needs: {@code --config}, {@code --timeout} (the run's deadline), the log (stderr: Concourse shows
 * it to everyone, so it carries no secret), the registry client, and a count of requests made (reported at the end).
 */
public class Session {

    static final String DEBUG = "REAPER_DEBUG";

    @Option(
            names = {"-c", "--config"},
            paramLabel = "FILE",
            defaultValue = ReaperConfigLoader.DEFAULT_FILE,
            description = "The reaper config (default: ${DEFAULT-VALUE} in the current directory).")
    Path config;

    @Option(
            names = "--timeout",
            paramLabel = "DURATION",
            defaultValue = "1h",
            converter = Budget.class,
            description = "The most the run may spend on the registry (default: ${DEFAULT-VALUE}); calls still in"
                    + " flight then are cancelled and the run fails, deleting nothing more.")
    Duration timeout;

    /** {@code --timeout}: a duration of more than zero, as {@link Durations#parsePositive} reads it. */
    static final class Budget implements ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            try {
                return Durations.parsePositive(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    private final AtomicLong requests = new AtomicLong();

    ReaperConfig config() {
        return ReaperConfigLoader.load(config, System.getenv());
    }

    static Consumer<String> log(CommandSpec spec) {
        PrintWriter err = spec.commandLine().getErr();
        return line -> {
            synchronized (err) {
                err.println(line);
                err.flush();
            }
        };
    }

    /** The run's deadline, shared by the registry client and the provider APIs. */
    private Deadline deadline;

    private synchronized Deadline deadline() {
        if (deadline == null) {
            deadline = Deadline.after(timeout);
        }
        return deadline;
    }

    /** How each repository deletes ({@code registry.api}), within the run's deadline. */
    Deleters deleters(ReaperConfig config) {
        return new Deleters(config.registry(), deadline(), System.getenv());
    }

    RegistryClient registry(ReaperConfig config, CommandSpec spec) {
        Consumer<String> log = log(spec);
        boolean debug = System.getenv(DEBUG) != null;
        RequestObserver observer = (method, url, status, millis) -> {
            requests.incrementAndGet();
            if (debug) {
                log.accept("debug: " + method + " " + url + " -> " + (status < 0 ? "no answer" : status) + " (" + millis
                        + " ms)");
            }
        };
        return RegistryConnection.open(config.registry(), observer, deadline());
    }

    long requests() {
        return requests.get();
    }
}
