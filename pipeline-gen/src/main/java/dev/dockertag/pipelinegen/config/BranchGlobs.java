package dev.dockertag.pipelinegen.config;

import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.List;
import java.util.function.Predicate;

/**
 * Branch name globs ({@code tracker.exclude}), matched like paths: {@code *} within one {@code /} segment, {@code **}
 * across segments, {@code ?} one character, {@code [abc]} a set, {@code {a,b}} either. So {@code dependabot/**}
 * excludes every dependabot branch and {@code wip-*} only top-level ones.
 */
public final class BranchGlobs {

    private BranchGlobs() {}

    /** A matcher for one glob; an {@link IllegalArgumentException} saying what is wrong with it. */
    public static Predicate<String> matcher(String glob) {
        if (glob.isBlank()) {
            throw new IllegalArgumentException("an empty glob matches nothing");
        }
        PathMatcher matcher;
        try {
            matcher = FileSystems.getDefault().getPathMatcher("glob:" + glob);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + glob + "' is not a glob: " + e.getMessage());
        }
        return branch -> matcher.matches(Path.of(branch));
    }

    /** Whether any of {@code globs} matches {@code branch}. */
    public static boolean anyMatches(List<String> globs, String branch) {
        return globs.stream().anyMatch(g -> matcher(g).test(branch));
    }
}
