package dev.dockertag.reaper.gc;

import dev.dockertag.reaper.config.ReaperConfig.GarbageCollection;
import dev.dockertag.reaper.config.ReaperConfig.GcCommand;
import dev.dockertag.reaper.config.ReaperConfig.HarborGc;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * Reclaims the space of what an apply deleted. Runs only after an apply that deleted something and verified every kept
 * tag (safety rule 7). Registries with online GC (GitLab, zot, ECR, Docker Hub) need nothing configured.
 */
public interface GarbageCollector {

    /** Runs GC to the end; returns a one-line summary, or throws {@link GcFailure}. */
    String collect(Consumer<String> log);

    static GarbageCollector of(GarbageCollection config) {
        return switch (config) {
            case GcCommand command -> new CommandGarbageCollector(command.command());
            case HarborGc harbor -> new HarborGarbageCollector(harbor, Duration.ofSeconds(5), Duration.ofHours(2));
        };
    }
}
