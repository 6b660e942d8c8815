package dev.dockertag.resource;

import dev.dockertag.registry.ImageReference;
import dev.dockertag.registry.RegistryClient;
import dev.dockertag.registry.RegistryException;
import dev.dockertag.registry.RepositoryClient;
import dev.dockertag.resource.Arguments.Script;
import dev.dockertag.resource.script.ErrorReport;
import dev.dockertag.resource.script.Lifetime;
import dev.dockertag.resource.script.Log;
import dev.dockertag.resource.source.Settings;
import java.io.IOException;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * One run of a script once its source is read: its {@link Lifetime} (the deadline, SIGTERM, staging directories) and
 * its registry clients, from {@link #within} to its end. Everything a run owns is made when it starts and released when
 * it ends; a failure inside it is reported here, with how the run ended (the deadline or a SIGTERM first), and comes
 * out as {@link Reported}.
 */
final class ScriptRun {

    /** A failure of a run that was already reported on stderr. */
    static final class Reported extends RuntimeException {
        Reported(Exception cause) {
            super(cause.getMessage(), cause, false, false);
        }
    }

    /** The work of a run. */
    @FunctionalInterface
    interface Work<T> {
        T run(ScriptRun run) throws IOException;
    }

    /** The work on one repository. */
    @FunctionalInterface
    interface RepositoryWork<T> {
        T run(RepositoryClient repo) throws IOException;
    }

    private final Settings settings;
    private final Script script;
    private final Log log;
    private final Lifetime lifetime;

    private ScriptRun(Settings settings, Script script, Log log) {
        this.settings = settings;
        this.script = script;
        this.log = log;
        this.lifetime = Lifetime.start(settings, script.command, script.defaultTimeout, log);
    }

    /** Starts the run's clock, does {@code work} within it, and ends the run whatever happens. */
    static <T> T within(Settings settings, Script script, Log log, Work<T> work) {
        ScriptRun run = new ScriptRun(settings, script, log);
        try {
            return work.run(run);
        } catch (Exception failure) {
            if (run.lifetime.claimReport()) {
                ErrorReport.print(failure, log, run.lifetime.ending());
            }
            throw new Reported(failure);
        } finally {
            run.lifetime.close();
        }
    }

    Lifetime lifetime() {
        return lifetime;
    }

    /** Runs {@code work} with a client for the source's repository, bound by the run's deadline. */
    <T> T onRepository(RepositoryWork<T> work) throws IOException {
        try (RegistryClient client = RegistryClients.origin(settings, log, script.retries, lifetime.deadline())) {
            return work.run(client.repository(settings.repository()));
        }
    }

    /**
     * {@link #onRepository}, reading through {@code registry_mirror} first when the source has one: {@code work} on the
     * mirror's repository, and when it fails or ({@code enough}) finds nothing, on the source's own (Docker Hub),
     * saying why on stderr.
     */
    <T> T onMirrorFirst(RepositoryWork<T> work, Predicate<T> enough) throws IOException {
        Optional<ImageReference> mirror = settings.mirror();
        if (mirror.isEmpty()) {
            return onRepository(work);
        }
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
}
