package dev.dockertag.reaper.plan;

import java.util.List;
import java.util.regex.Pattern;

/**
 * What the reaper is allowed to remove: never the main branch's tags nor a {@code protect} match;
 * commit tags whose commit no live branch or tag reaches ({@code deleteUnreachable}); a live branch's
 * commit tags beyond its newest {@code keepPerBranch} (0: keep all).
 */
public record Policy(String mainBranch, List<Pattern> protect, boolean deleteUnreachable, int keepPerBranch) {

    public Policy {
        protect = List.copyOf(protect);
        if (keepPerBranch < 0) {
            throw new IllegalArgumentException("commit_tags.keep_per_branch must be 0 (keep all) or more, not "
                    + keepPerBranch);
        }
    }
}
