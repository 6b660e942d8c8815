package dev.dockertag.reaper.plan;

import dev.dockertag.tool.cli.Counts;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The whole run's plan: the live branches it was made against, and every repository's decisions. */
public record ReapPlan(List<String> liveBranches, List<RepositoryPlan> repositories) {

    public ReapPlan {
        liveBranches = List.copyOf(liveBranches);
        repositories = List.copyOf(repositories);
    }

    /** The tags the plan removes, in every repository (what the limits count). */
    public int removals() {
        return repositories.stream().mapToInt(r -> r.removals().size()).sum();
    }

    /** The tags and untagged referrers the plan removes where the registry can delete. */
    public int deletableRemovals() {
        return repositories.stream()
                .filter(r -> r.deletion().possible())
                .mapToInt(r -> r.removals().size() + r.referrerRemovals().size())
                .sum();
    }

    /** The repositories with something to remove where the registry cannot delete at all. */
    public List<RepositoryPlan> cannotDelete() {
        return repositories.stream()
                .filter(r -> r.removesAnything() && !r.deletion().possible())
                .toList();
    }

    /**
     * Why this plan is too big to carry out, one line per limit it breaks; empty when it is within
     * {@code limits.max_deletions} and every repository within {@code limits.max_fraction}.
     */
    public List<String> limitViolations(int maxDeletions, double maxFraction) {
        List<String> violations = new ArrayList<>();
        if (removals() > maxDeletions) {
            violations.add("the plan removes " + Counts.of(removals(), "tag") + ", more than limits.max_deletions ("
                    + maxDeletions + ")");
        }
        for (RepositoryPlan repository : repositories) {
            if (repository.removedFraction() > maxFraction) {
                violations.add(repository.repository() + " would lose "
                        + repository.removals().size() + " of its "
                        + Counts.of(repository.decisions().size(), "tag") + " (" + percent(repository.removedFraction())
                        + "), more than limits.max_fraction (" + percent(maxFraction) + ")");
            }
        }
        return violations;
    }

    private static String percent(double fraction) {
        return String.format(Locale.ROOT, "%.0f%%", fraction * 100);
    }
}
