package dev.dockertag.registry;

import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The one rule, shared by all three tools, that turns a git branch into the slug used in pipeline names and image tags,
 * and the tag that tracks a branch ({@code <slug>-latest}).
 *
 * <p>{@code feat/Foo_bar -> feat-foo_bar -> feat-foo_bar-latest}. The slug is lower-case, every run of characters
 * outside {@code [a-z0-9._-]} becomes one {@code -}, it has no leading {@code .} or {@code -}, and it is cut so that
 * {@code <slug>-latest} stays within the 128 characters of a tag.
 */
public final class BranchNaming {

    /** Appended to a branch's slug to form the tag that follows the branch. */
    public static final String LATEST_SUFFIX = "-latest";
    /** The longest slug whose {@code -latest} tag is still a valid tag. */
    public static final int MAX_SLUG_LENGTH = 128 - LATEST_SUFFIX.length();

    private static final Pattern OUTSIDE = Pattern.compile("[^a-z0-9._-]+");
    private static final Pattern LEADING = Pattern.compile("^[.-]+");

    private BranchNaming() {}

    /** The slug of a branch; throws when nothing usable is left (e.g. a branch named {@code ///}). */
    public static String slug(String branch) {
        if (branch == null || branch.isBlank()) {
            throw new IllegalArgumentException("invalid branch '': it is empty");
        }
        String slug = OUTSIDE.matcher(branch.toLowerCase(Locale.ROOT)).replaceAll("-");
        slug = LEADING.matcher(slug).replaceFirst("");
        if (slug.length() > MAX_SLUG_LENGTH) {
            slug = slug.substring(0, MAX_SLUG_LENGTH);
        }
        if (slug.isEmpty()) {
            throw new IllegalArgumentException(
                    "invalid branch '" + branch + "': it has no letter or digit to make a tag of");
        }
        return slug;
    }

    /** The tag that tracks a branch: {@code <slug>-latest}. */
    public static String latestTag(String branch) {
        return slug(branch) + LATEST_SUFFIX;
    }

    /**
     * The slugs that two or more of the given branches share, each with those branches (sorted). The tools treat such a
     * slug as a conflict: the branches would overwrite each other's images.
     */
    public static Map<String, List<String>> collisions(Collection<String> branches) {
        Map<String, TreeSet<String>> bySlug = new TreeMap<>();
        for (String branch : branches) {
            bySlug.computeIfAbsent(slug(branch), s -> new TreeSet<>()).add(branch);
        }
        return bySlug.entrySet().stream()
                .filter(e -> e.getValue().size() > 1)
                .collect(
                        Collectors.toMap(Map.Entry::getKey, e -> List.copyOf(e.getValue()), (a, b) -> a, TreeMap::new));
    }
}
