package dev.dockertag.resource.put;

import dev.dockertag.failures.HintedException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * registry-image's {@code params.version} and {@code bump_aliases}, the way its {@code out} tags a release: the
 * version's own tag ({@code 1.2.3}, written in full whatever was given, {@code v} dropped; {@code 1.2.3-<variant>} with
 * {@code source.variant}); with {@code bump_aliases}, for a final version only, the aliases it now heads: the bare
 * {@code latest} (or the variant), {@code 1} and {@code 1.2}, each only when no newer final version of its scope is in
 * the repository already.
 */
final class VersionTags {

    private static final Pattern VERSION = Pattern.compile(
            "v?(\\d+)(?:\\.(\\d+))?(?:\\.(\\d+))?(?:-([0-9A-Za-z-]+(?:\\.[0-9A-Za-z-]+)*))?(?:\\+([0-9A-Za-z.-]+))?");

    private VersionTags() {}

    /** A version, padded to three parts; {@code pre} is empty for a final one. */
    record Release(long major, long minor, long patch, String pre) {
        static Optional<Release> parse(String text) {
            Matcher m = VERSION.matcher(text);
            if (!m.matches()) {
                return Optional.empty();
            }
            return Optional.of(new Release(
                    Long.parseLong(m.group(1)),
                    m.group(2) == null ? 0 : Long.parseLong(m.group(2)),
                    m.group(3) == null ? 0 : Long.parseLong(m.group(3)),
                    m.group(4) == null ? "" : m.group(4)));
        }

        boolean isFinal() {
            return pre.isEmpty();
        }

        boolean newerThan(Release other) {
            return major != other.major
                    ? major > other.major
                    : minor != other.minor ? minor > other.minor : patch > other.patch;
        }

        @Override
        public String toString() {
            return major + "." + minor + "." + patch + (pre.isEmpty() ? "" : "-" + pre);
        }
    }

    /**
     * The tags {@code version} gives, in the order registry-image pushes them: the version, then the aliases.
     * {@code existing} lists the repository's tags (asked only for {@code bump_aliases}).
     */
    static List<String> of(
            String version, boolean bumpAliases, Optional<String> variant, Supplier<List<String>> existing) {
        Release release = Release.parse(version.strip())
                .orElseThrow(() -> new HintedException(
                        "params.version '" + version + "' is not a semantic version",
                        "e.g. 1.2.3, v1.2.3 or 1.2.3-rc.1; registry-image tags it as 1.2.3"));
        String suffix = variant.map(v -> "-" + v).orElse("");
        List<String> tags = new ArrayList<>();
        tags.add(release + suffix);
        if (!bumpAliases || !release.isFinal()) {
            return tags;
        }
        boolean latest = true;
        boolean major = true;
        boolean minor = true;
        for (String tag : existing.get()) {
            String text = tag;
            if (variant.isPresent()) {
                if (!tag.endsWith(suffix)) {
                    continue; // another variant's version
                }
                text = tag.substring(0, tag.length() - suffix.length());
            }
            Optional<Release> other = Release.parse(text).filter(Release::isFinal);
            if (other.isEmpty()) {
                continue;
            }
            Release r = other.get();
            latest &= !r.newerThan(release);
            major &= !(r.major() == release.major() && r.minor() > release.minor());
            if (r.major() == release.major() && r.minor() == release.minor() && r.patch() > release.patch()) {
                minor = false;
                major = false;
            }
        }
        if (latest) {
            tags.add(variant.orElse("latest"));
        }
        if (major) {
            tags.add(release.major() + suffix);
        }
        if (minor) {
            tags.add(release.major() + "." + release.minor() + suffix);
        }
        return tags;
    }
}
