package dev.dockertag.reaper.survey;

import dev.dockertag.reaper.config.ProviderApi;
import dev.dockertag.reaper.config.ReaperConfig;
import dev.dockertag.reaper.git.GitRemote;
import dev.dockertag.reaper.git.LiveRefs;
import dev.dockertag.reaper.git.ReachableCommits;
import dev.dockertag.reaper.inventory.FirstSeen;
import dev.dockertag.reaper.inventory.InventoryLister;
import dev.dockertag.reaper.plan.Decision;
import dev.dockertag.reaper.plan.DeleteSupport;
import dev.dockertag.reaper.plan.GcEstimate;
import dev.dockertag.reaper.plan.Inventory;
import dev.dockertag.reaper.plan.ManifestBlobs;
import dev.dockertag.reaper.plan.Planner;
import dev.dockertag.reaper.plan.Policy;
import dev.dockertag.reaper.plan.ReapPlan;
import dev.dockertag.reaper.plan.ReferrerDecision;
import dev.dockertag.reaper.plan.RepositoryPlan;
import dev.dockertag.reaper.plan.UntagMethod;
import dev.dockertag.reaper.provider.Deleters;
import dev.dockertag.registry.Deadline;
import dev.dockertag.registry.ImageReference;
import dev.dockertag.registry.RegistryClient;
import dev.dockertag.registry.RepositoryClient;
import dev.dockertag.registry.image.Digest;
import dev.dockertag.tool.cli.Counts;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Makes the plan, changing nothing: lists the live branches, then every repository in full, then (only when a commit
 * tag's fate depends on it) fetches the history, and decides. Listing everything before deciding anything is safety
 * rule 1: any failure ends the run here.
 */
public final class Survey {

    private static final int LISTING_CONCURRENCY = 8;

    private final ReaperConfig config;
    private final RegistryClient registry;
    private final Consumer<String> log;
    private final Path stateDirectory;

    private final Deleters deleters;

    /** As the other constructor, with deadline-free deleters from {@code registry:} and no environment. */
    public Survey(ReaperConfig config, RegistryClient registry, Consumer<String> log, Path stateDirectory) {
        this(config, registry, new Deleters(config.registry(), Deadline.none(), Map.of()), log, stateDirectory);
    }

    /** @param stateDirectory where {@code first-seen.json} is kept (the journal directory) */
    public Survey(
            ReaperConfig config,
            RegistryClient registry,
            Deleters deleters,
            Consumer<String> log,
            Path stateDirectory) {
        this.config = config;
        this.registry = registry;
        this.deleters = deleters;
        this.log = log;
        this.stateDirectory = stateDirectory;
    }

    public ReapPlan run() {
        GitRemote git = new GitRemote(config.git());
        LiveRefs refs = git.list();
        log.accept("git: " + Counts.of(refs.branches().size(), "live branch", "live branches") + ", "
                + Counts.of(refs.tags().size(), "tag") + " at " + config.git().uri());
        InventoryLister lister = new InventoryLister(LISTING_CONCURRENCY, log);
        Instant now = Instant.now();
        Policy policy = config.policy();
        Optional<FirstSeen> firstSeen = policy.minAge().isZero() && policy.keepPerBranch() == 0
                ? Optional.empty()
                : Optional.of(FirstSeen.in(stateDirectory));
        Map<RepositoryClient, Inventory> inventories = new LinkedHashMap<>();
        for (ImageReference name : config.repositories()) {
            RepositoryClient repository = registry.repository(name);
            Inventory inventory = lister.list(repository, firstSeen, now);
            log.accept(
                    !inventory.exists()
                            ? name + ": " + Inventory.UNKNOWN
                            : inventory.tags().isEmpty()
                                    ? name + ": " + Inventory.NO_TAGS
                                    : name + ": " + Counts.of(inventory.tags().size(), "tag")
                                            + " listed; referrers from "
                                            + (inventory.referrersApi()
                                                    ? "the referrers API and referrer tags"
                                                    : "referrer tags (the registry has no referrers API)"));
            inventories.put(repository, inventory);
        }
        firstSeen.ifPresent(FirstSeen::save);
        Predicate<String> reachable = reachability(git, inventories);
        List<RepositoryPlan> plans = new ArrayList<>();
        inventories.forEach((repository, inventory) -> {
            List<Decision> decisions = Planner.plan(inventory, refs.branches(), policy, reachable, now);
            List<ReferrerDecision> referrers = Planner.referrers(inventory, decisions, policy);
            boolean removes = decisions.stream().anyMatch(Decision::removes)
                    || referrers.stream().anyMatch(ReferrerDecision::removes);
            DeleteSupport deletion = removes
                    ? deleters.forRepository(repository.name(), UntagMethod.NOT_NEEDED)
                            .support(repository)
                    : DeleteSupport.NOT_ASKED;
            UntagMethod untag = !deletion.possible()
                    ? UntagMethod.NOT_NEEDED
                    : deleters.apiFor(repository.name()) == ProviderApi.OCI
                            ? untagMethod(repository, decisions)
                            : decisions.stream().anyMatch(d -> d.action() == Decision.Action.UNTAG)
                                    ? UntagMethod.PROVIDER
                                    : UntagMethod.NOT_NEEDED;
            GcEstimate gc = deletion.possible()
                            && (deletion.api().equals("oci") || deletion.api().equals("harbor"))
                    ? GcEstimate.of(inventory, decisions, referrers, manifests(lister, repository))
                    : GcEstimate.NONE;
            plans.add(new RepositoryPlan(inventory, decisions, referrers, deletion, untag, gc));
        });
        return new ReapPlan(refs.branches(), plans);
    }

    private Predicate<String> reachability(GitRemote git, Map<RepositoryClient, Inventory> inventories) {
        boolean commitTags = inventories.values().stream()
                .anyMatch(i -> i.tags().keySet().stream().anyMatch(Planner::isCommitTag));
        if (!config.policy().deleteUnreachable() || !commitTags) {
            return commit -> true;
        }
        ReachableCommits commits = git.fetchReachable();
        log.accept("git: " + commits.size() + " commits reachable from the live branches and tags");
        return commits;
    }

    /**
     * The manifests the GC estimate reads: those the listing read, else one request each (a kept image that was no
     * candidate, an index's child), never twice.
     */
    private static Function<Digest, Optional<ManifestBlobs>> manifests(
            InventoryLister lister, RepositoryClient repository) {
        Map<Digest, Optional<ManifestBlobs>> asked = new HashMap<>();
        return digest -> lister.read(digest)
                .or(() -> asked.computeIfAbsent(
                        digest, d -> repository.fetchManifest(d.toString()).map(ManifestBlobs::of)));
    }

    /** The registry is asked (a delete of a tag that cannot exist) only when something needs untagging. */
    private static UntagMethod untagMethod(RepositoryClient repository, List<Decision> decisions) {
        if (decisions.stream().noneMatch(d -> d.action() == Decision.Action.UNTAG)) {
            return UntagMethod.NOT_NEEDED;
        }
        return repository.supportsTagDelete() ? UntagMethod.OCI_TAG_DELETE : UntagMethod.DUMMY_MANIFEST;
    }
}
