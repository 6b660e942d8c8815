package dev.dockertag.reaper.survey;

import dev.dockertag.reaper.config.ReaperConfig;
import dev.dockertag.reaper.git.GitRemote;
import dev.dockertag.reaper.git.LiveRefs;
import dev.dockertag.reaper.git.ReachableCommits;
import dev.dockertag.reaper.inventory.InventoryLister;
import dev.dockertag.reaper.plan.Decision;
import dev.dockertag.reaper.plan.Inventory;
import dev.dockertag.reaper.plan.Planner;
import dev.dockertag.reaper.plan.ReapPlan;
import dev.dockertag.reaper.plan.RepositoryPlan;
import dev.dockertag.reaper.plan.UntagMethod;
import dev.dockertag.registry.ImageReference;
import dev.dockertag.registry.RegistryClient;
import dev.dockertag.registry.RepositoryClient;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Makes the plan, changing nothing: lists the live branches, then every repository in full, then
 * (only when a commit tag's fate depends on it) fetches the history, and decides. Listing
 * everything before deciding anything is safety rule 1: any failure ends the run here.
 */
public final class Survey {

    private static final int LISTING_CONCURRENCY = 8;

    private final ReaperConfig config;
    private final RegistryClient registry;
    private final Consumer<String> log;

    public Survey(ReaperConfig config, RegistryClient registry, Consumer<String> log) {
        this.config = config;
        this.registry = registry;
        this.log = log;
    }

    public ReapPlan run() {
        GitRemote git = new GitRemote(config.git());
        LiveRefs refs = git.list();
        log.accept("git: " + refs.branches().size() + " live branches, " + refs.tags().size() + " tags at "
                + config.git().uri());
        InventoryLister lister = new InventoryLister(LISTING_CONCURRENCY, log);
        Map<RepositoryClient, Inventory> inventories = new LinkedHashMap<>();
        for (ImageReference name : config.repositories()) {
            RepositoryClient repository = registry.repository(name);
            Inventory inventory = lister.list(repository, config.policy().keepPerBranch() > 0);
            log.accept(name + ": " + inventory.tags().size() + " tags listed");
            inventories.put(repository, inventory);
        }
        Predicate<String> reachable = reachability(git, inventories);
        List<RepositoryPlan> plans = new ArrayList<>();
        inventories.forEach((repository, inventory) -> {
            List<Decision> decisions = Planner.plan(inventory, refs.branches(), config.policy(), reachable);
            plans.add(new RepositoryPlan(inventory, decisions, untagMethod(repository, decisions)));
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

    /** The registry is asked (a delete of a tag that cannot exist) only when something needs untagging. */
    private static UntagMethod untagMethod(RepositoryClient repository, List<Decision> decisions) {
        if (decisions.stream().noneMatch(d -> d.action() == Decision.Action.UNTAG)) {
            return UntagMethod.NOT_NEEDED;
        }
        return repository.supportsTagDelete() ? UntagMethod.OCI_TAG_DELETE : UntagMethod.DUMMY_MANIFEST;
    }
}
