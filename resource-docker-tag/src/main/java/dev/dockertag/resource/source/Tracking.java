package dev.dockertag.resource.source;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What a source follows: one tag (with an optional fallback), every tag matching a regex, or registry-image's semver
 * mode (every version tag a selection takes).
 */
public sealed interface Tracking {

    /**
     * One tag: {@code <slug(branch)>-latest} or {@code source.tag}. While it does not exist, the fallback branch's tag
     * stands in (a new branch runs on master's image until it builds its own).
     */
    record OneTag(String tag, Optional<String> fallbackTag) implements Tracking {}

    /** Every tag the regex finds (unanchored, as in Go's MatchString), in {@code order}. */
    record MatchingTags(Pattern regex, TagOrder order) implements Tracking {}

    /** Every tag that is a version {@code selection} takes (variant, constraint, pre-releases). */
    record SemverTags(SemverSelection selection) implements Tracking {}
}
