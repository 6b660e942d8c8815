package dev.dockertag.reaper.config;

import dev.dockertag.reaper.plan.Policy;
import dev.dockertag.registry.ImageReference;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** A checked {@code reaper.yml}: where the branches come from, which repositories to reap, and the rules. */
public record ReaperConfig(
        GitSource git,
        RegistryAccess registry,
        List<ImageReference> repositories,
        Policy policy,
        Limits limits,
        Optional<GarbageCollection> gc,
        Duration gcAfter,
        Optional<Pipelines> pipelines) {

    /** How long an apply's deletions wait before an apply collects them, unless {@code gc.after} says otherwise. */
    public static final Duration DEFAULT_GC_AFTER = Duration.ofHours(12);

    public ReaperConfig {
        repositories = List.copyOf(repositories);
    }

    public ReaperConfig withPolicy(Policy newPolicy) {
        return new ReaperConfig(git, registry, repositories, newPolicy, limits, gc, gcAfter, pipelines);
    }

    /** The repository whose heads are the live branches. */
    public record GitSource(String uri, Optional<String> username, Optional<Secret> password) {}

    /**
     * How to reach the registry; without a username, docker's {@code config.json} is used. {@code api} is how it
     * deletes ({@code registry.api}; empty: inferred from each repository's host), {@code apiUrl} and {@code apiToken}
     * the provider API's address and token where they are not the default.
     */
    public record RegistryAccess(
            Optional<String> username,
            Optional<Secret> password,
            boolean insecure,
            List<String> caCerts,
            Optional<ProviderApi> api,
            Optional<String> apiUrl,
            Optional<Secret> apiToken) {
        public RegistryAccess {
            caCerts = List.copyOf(caCerts);
        }

        public static RegistryAccess defaults() {
            return new RegistryAccess(
                    Optional.empty(),
                    Optional.empty(),
                    false,
                    List.of(),
                    Optional.empty(),
                    Optional.empty(),
                    Optional.empty());
        }
    }

    /** The blast radius: a plan beyond either limit is refused before anything is deleted. */
    public record Limits(int maxDeletions, double maxFraction) {}

    /** What runs after a successful apply to reclaim the space: a command, or Harbor's GC API. */
    public sealed interface GarbageCollection permits GcCommand, HarborGc {}

    public record GcCommand(List<String> command) implements GarbageCollection {
        public GcCommand {
            command = List.copyOf(command);
        }
    }

    public record HarborGc(String url, Optional<String> username, Optional<Secret> password, boolean insecure)
            implements GarbageCollection {}

    /** The per-branch pipelines to destroy with their branches ({@code <name>/branch:<branch>}). */
    public record Pipelines(String flyTarget, String name) {}
}
