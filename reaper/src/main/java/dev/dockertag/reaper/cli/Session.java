package dev.dockertag.reaper.cli;

import dev.dockertag.reaper.config.ReaperConfig;
import dev.dockertag.reaper.config.ReaperConfigLoader;
import dev.dockertag.reaper.survey.RegistryConnection;
import dev.dockertag.registry.RegistryClient;
import dev.dockertag.registry.RequestObserver;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/**
 * What every command needs: {@code --config}, the log (stderr: Concourse shows it to everyone, so it
 * carries no secret), the registry client, and a count of requests made (reported at the end).
 */
public class Session {

    static final String DEBUG = "REAPER_DEBUG";

    @Option(names = {"-c", "--config"}, paramLabel = "FILE", defaultValue = ReaperConfigLoader.DEFAULT_FILE,
            description = "The reaper config (default: ${DEFAULT-VALUE} in the current directory).")
    Path config;

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

    RegistryClient registry(ReaperConfig config, CommandSpec spec) {
        Consumer<String> log = log(spec);
        boolean debug = System.getenv(DEBUG) != null;
        RequestObserver observer = (method, url, status, millis) -> {
            requests.incrementAndGet();
            if (debug) {
                log.accept("debug: " + method + " " + url + " -> " + (status < 0 ? "no answer" : status) + " ("
                        + millis + " ms)");
            }
        };
        return RegistryConnection.open(config.registry(), observer);
    }

    long requests() {
        return requests.get();
    }
}
