package dev.dockertag.resource.script;

import dev.dockertag.failures.FailureReport;
import dev.dockertag.registry.Deadline;
import dev.dockertag.resource.source.ConcourseDuration;
import dev.dockertag.resource.source.Settings;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * How long a script may run, and how it ends when it may not go on. The script's {@link Deadline}
 * ({@code source.timeout}, else the script's default) cancels the registry calls in flight when it passes; the script
 * then unwinds and reports, and its staging directories are deleted on the way. Should it not unwind within
 * {@link #GRACE} (a layer still being unpacked, say), this reports the deadline itself, deletes what was registered
 * with {@link #stage} and halts with exit code 1. A SIGTERM (Concourse aborting the build) cancels the calls the same
 * way, and the staging directories are deleted before the process ends.
 */
public final class Lifetime implements AutoCloseable {

    /** How long a script may take to unwind once its deadline has passed. */
    static final Duration GRACE = Duration.ofSeconds(10);
    /** How long a SIGTERM waits for the script to unwind before deleting its staging directories. */
    private static final Duration TERM_WAIT = Duration.ofSeconds(5);

    private final Deadline deadline;
    private final String bound;
    private final Log log;
    private final Set<Path> staging = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean reported = new AtomicBoolean();
    private final CountDownLatch finished = new CountDownLatch(1);
    private final Thread shutdownHook;
    private volatile boolean terminated;

    private Lifetime(Deadline deadline, String bound, Log log) {
        this.deadline = deadline;
        this.bound = bound;
        this.log = log;
        deadline.onStop(() -> {
            if (deadline.expired()) {
                Thread stopper = new Thread(this::hardStopAfterGrace, "deadline-grace");
                stopper.setDaemon(true);
                stopper.start();
            }
        });
        this.shutdownHook = new Thread(this::terminate, "sigterm");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /**
     * Starts the clock of a script.
     *
     * @param settings the source; its {@code timeout}, when set, is the deadline
     * @param script {@code check}, {@code in} or {@code out}, for the message
     * @param byDefault the script's deadline when {@code source.timeout} is not set, as Concourse writes it
     */
    public static Lifetime start(Settings settings, String script, String byDefault, Log log) {
        String bound = settings.timeout().isPresent()
                ? "source.timeout (" + settings.source().timeout().trim() + ")"
                : script + "'s default deadline of " + byDefault;
        Duration budget = settings.timeout().orElseGet(() -> ConcourseDuration.parse(byDefault));
        return new Lifetime(Deadline.after(budget), bound, log);
    }

    public Deadline deadline() {
        return deadline;
    }

    /** A directory to delete should the script be halted or terminated before it deletes it itself. */
    public void stage(Path directory) {
        staging.add(directory);
    }

    /** The script deleted (or published) the directory itself. */
    public void unstage(Path directory) {
        staging.remove(directory);
    }

    /**
     * Why the script ended early, when it did: the deadline that passed, or the SIGTERM, and the requests that were in
     * flight.
     */
    public Optional<FailureReport> ending() {
        if (deadline.expired()) {
            return Optional.of(new FailureReport(
                    List.of("timed out: " + bound + " ran out while " + inFlight()),
                    Optional.of("set a longer source.timeout, or find out why the registry is slow (source.debug logs"
                            + " every request)"),
                    1));
        }
        if (terminated) {
            return Optional.of(
                    new FailureReport(List.of("stopped by SIGTERM while " + inFlight()), Optional.empty(), 1));
        }
        return Optional.empty();
    }

    private String inFlight() {
        List<String> calls = deadline.inFlightWhenStopped();
        if (calls.isEmpty()) {
            return "no registry request was in flight (files were being written or read)";
        }
        if (calls.size() == 1) {
            return calls.get(0) + " was in flight";
        }
        return calls.size() + " requests were in flight: " + String.join(", ", calls);
    }

    /** True for the one caller that may report how the script ended; false for any later one. */
    public boolean claimReport() {
        return reported.compareAndSet(false, true);
    }

    private void hardStopAfterGrace() {
        try {
            if (finished.await(GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                return;
            }
        } catch (InterruptedException e) {
            return;
        }
        if (claimReport()) {
            ErrorReport.print(ending().orElseThrow(), log);
        }
        deleteStaging();
        Runtime.getRuntime().halt(1);
    }

    /** The shutdown hook: a normal exit finds the script finished; a SIGTERM does not. */
    private void terminate() {
        if (finished.getCount() == 0) {
            return;
        }
        terminated = true;
        deadline.stop();
        try {
            finished.await(TERM_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (claimReport()) {
            ErrorReport.print(ending().orElseThrow(), log);
        }
        deleteStaging();
    }

    private void deleteStaging() {
        for (Path dir : staging) {
            for (int attempt = 0; attempt < 3; attempt++) {
                try {
                    FileTrees.delete(dir); // the script may still be writing into it: try again
                    break;
                } catch (IOException | RuntimeException e) {
                    if (attempt == 2) {
                        log.info("warning: could not delete " + dir + ": " + e.getMessage());
                    }
                }
            }
        }
    }

    /** The script is over (it has reported): a later exit is a normal one. */
    @Override
    public void close() {
        finished.countDown();
        deadline.close();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs (or ran) and finds the script finished
        }
    }
}
