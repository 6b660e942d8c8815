package dev.dockertag.reaper.plan;

import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What the reaper is allowed to remove: never the main branch's tags nor a {@code protect} match; commit tags whose
 * commit no live branch or tag reaches ({@code deleteUnreachable}); a live branch's commit tags beyond its newest
 * {@code keepPerBranch} (0: keep all); never an image younger than {@code minAge}; referrer tags whose subject is gone
 * only with {@code deleteOrphans}.
 */
public record Policy(
        String mainBranch,
        List<Pattern> protect,
        boolean deleteUnreachable,
        int keepPerBranch,
        Duration minAge,
        boolean deleteOrphans) {

    public static final Duration DEFAULT_MIN_AGE = Duration.ofHours(24);

    public Policy {
        protect = List.copyOf(protect);
        if (keepPerBranch < 0) {
            throw new IllegalArgumentException(
                    "commit_tags.keep_per_branch must be 0 (keep all) or more, not " + keepPerBranch);
        }
        if (minAge.isNegative()) {
            throw new IllegalArgumentException("min_age must not be negative, not " + minAge);
        }
    }

    /** No grace period and orphans kept: the rules that need no clock. */
    public Policy(String mainBranch, List<Pattern> protect, boolean deleteUnreachable, int keepPerBranch) {
        this(mainBranch, protect, deleteUnreachable, keepPerBranch, Duration.ZERO, false);
    }

    public Policy withDeleteOrphans(boolean delete) {
        return new Policy(mainBranch, protect, deleteUnreachable, keepPerBranch, minAge, delete);
    }
}
