package dev.dockertag.reaper.plan;

import java.util.List;

/**
 * The decisions for one repository: its tags, the untagged referrers that go or stay with their subjects, whether the
 * registry can delete there at all, how its untags will be done, and what GC frees after the deletions.
 */
public record RepositoryPlan(
        Inventory inventory,
        List<Decision> decisions,
        List<ReferrerDecision> referrers,
        DeleteSupport deletion,
        UntagMethod untagMethod,
        GcEstimate gc) {

    public RepositoryPlan {
        decisions = List.copyOf(decisions);
        referrers = List.copyOf(referrers);
    }

    public String repository() {
        return inventory.repository();
    }

    public List<Decision> removals() {
        return decisions.stream().filter(Decision::removes).toList();
    }

    public List<ReferrerDecision> referrerRemovals() {
        return referrers.stream().filter(ReferrerDecision::removes).toList();
    }

    public List<Decision> kept() {
        return decisions.stream().filter(d -> !d.removes()).toList();
    }

    /** Whether anything is to be removed here, tags or untagged referrers. */
    public boolean removesAnything() {
        return !removals().isEmpty() || !referrerRemovals().isEmpty();
    }

    /** The share of the repository's tags this plan removes (0 for an empty repository). */
    public double removedFraction() {
        return decisions.isEmpty() ? 0 : (double) removals().size() / decisions.size();
    }
}
