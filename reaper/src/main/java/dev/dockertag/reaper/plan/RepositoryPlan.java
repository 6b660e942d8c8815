package dev.dockertag.reaper.plan;

import java.util.List;

/** The decisions for one repository, and how its untags will be done. */
public record RepositoryPlan(Inventory inventory, List<Decision> decisions, UntagMethod untagMethod) {

    public RepositoryPlan {
        decisions = List.copyOf(decisions);
    }

    public String repository() {
        return inventory.repository();
    }

    public List<Decision> removals() {
        return decisions.stream().filter(Decision::removes).toList();
    }

    public List<Decision> kept() {
        return decisions.stream().filter(d -> !d.removes()).toList();
    }

    /** The share of the repository's tags this plan removes (0 for an empty repository). */
    public double removedFraction() {
        return decisions.isEmpty() ? 0 : (double) removals().size() / decisions.size();
    }
}
