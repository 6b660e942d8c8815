package dev.dockertag.reaper.git;

import java.util.NavigableSet;
import java.util.function.Predicate;

/**
 * The commits reachable from the live branches and tags. A commit tag may be abbreviated, so it is reachable when any
 * reachable commit starts with it: an ambiguous prefix counts as reachable, which keeps the image.
 */
public final class ReachableCommits implements Predicate<String> {

    private final NavigableSet<String> commits;

    ReachableCommits(NavigableSet<String> commits) {
        this.commits = commits;
    }

    @Override
    public boolean test(String commitTag) {
        String candidate = commits.ceiling(commitTag);
        return candidate != null && candidate.startsWith(commitTag);
    }

    public int size() {
        return commits.size();
    }
}
