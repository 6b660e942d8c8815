package dev.dockertag.resource.source;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.semver4j.Semver;
import org.semver4j.range.RangeList;
import org.semver4j.range.RangeListFactory;

/**
 * registry-image's semver mode: which tags are versions, and which of those a source wants. {@code variant} keeps only
 * {@code X.Y.Z-<variant>} tags (the bare {@code <variant>} tag plays {@code latest}); a pre-release counts only when
 * its first identifier starts with {@code alpha}, {@code beta}, {@code rc} or a {@code pre_release_prefixes} entry
 * (anything else is a variant), and only with {@code pre_releases}; {@code semver_constraint} is a Masterminds-style
 * constraint ({@code >= 1.2, < 2}, {@code ~1.2}, {@code ^1.2.3}, {@code 1.x}, {@code 1.2 - 1.4}, {@code ||}); a
 * pre-release meets it when its release does. Versions may be partial ({@code 3}, {@code 3.2}) and start with
 * {@code v}.
 */
public record SemverSelection(
        Optional<String> variant,
        Optional<String> constraintText,
        boolean preReleases,
        List<String> preReleasePrefixes) {

    private static final Pattern VERSION = Pattern.compile(
            "v?(\\d+)(?:\\.(\\d+))?(?:\\.(\\d+))?(?:-([0-9A-Za-z-]+(?:\\.[0-9A-Za-z-]+)*))?(?:\\+[0-9A-Za-z.-]+)?");
    private static final Pattern COMPARATOR = Pattern.compile(
            "(=|==|>=|<=|>|<|~>|~|\\^)?\\s*v?(\\d+|[xX*])(\\.(\\d+|[xX*]))?(\\.(\\d+|[xX*]))?(-[0-9A-Za-z.-]+)?");
    private static final List<String> STANDARD_PREFIXES = List.of("alpha", "beta", "rc");

    public SemverSelection {
        preReleasePrefixes = List.copyOf(preReleasePrefixes);
        constraint(constraintText); // refuse a constraint that cannot be read, naming it
    }

    /** A version of the tag, padded to three parts, or empty when the tag is not one this source takes. */
    public Optional<Parsed> parse(String tag) {
        String version = tag;
        if (variant.isPresent()) {
            if (!tag.endsWith("-" + variant.get())) {
                return Optional.empty();
            }
            version = tag.substring(0, tag.length() - variant.get().length() - 1);
        }
        Matcher m = VERSION.matcher(version);
        if (!m.matches()) {
            return Optional.empty();
        }
        int parts = m.group(3) != null ? 3 : m.group(2) != null ? 2 : 1;
        String core = m.group(1) + "." + (m.group(2) == null ? "0" : m.group(2)) + "."
                + (m.group(3) == null ? "0" : m.group(3));
        Semver semver = Semver.parse(core + (m.group(4) == null ? "" : "-" + m.group(4)));
        if (semver == null) {
            return Optional.empty();
        }
        if (!semver.getPreRelease().isEmpty()) {
            String first = semver.getPreRelease().get(0);
            List<String> prefixes = new ArrayList<>(STANDARD_PREFIXES);
            prefixes.addAll(preReleasePrefixes);
            if (!preReleases || prefixes.stream().noneMatch(first::startsWith)) {
                return Optional.empty(); // a pre-release not asked for, or a variant of another name
            }
        }
        // with pre_releases, a pre-release is taken when its release would be (semver4j, like npm, would
        // otherwise want a pre-release of the same X.Y.Z written in the constraint)
        Semver judged = semver.getPreRelease().isEmpty() ? semver : Semver.parse(core);
        if (constraint(constraintText).map(c -> !c.isSatisfiedBy(judged)).orElse(false)) {
            return Optional.empty();
        }
        return Optional.of(new Parsed(tag, semver, parts));
    }

    /** The tag that plays {@code latest}: {@code latest}, or the bare variant. */
    public String bareTag() {
        return variant.orElse("latest");
    }

    /** A tag taken as a version: its semver, and how many parts it was written with (3.2.1 beats 3.2). */
    public record Parsed(String tag, Semver version, int parts) {
        public boolean isFinal() {
            return version.getPreRelease().isEmpty();
        }
    }

    /** The constraint in semver4j's (npm's) syntax; an IllegalArgumentException saying what cannot be read. */
    static Optional<RangeList> constraint(Optional<String> text) {
        if (text.isEmpty()) {
            return Optional.empty();
        }
        List<String> alternatives = new ArrayList<>();
        for (String alternative : text.get().split("\\|\\|")) {
            String trimmed = alternative.strip();
            if (trimmed.matches(".+\\s+-\\s+.+")) { // a hyphen range: 1.2 - 1.4
                String[] ends = trimmed.split("\\s+-\\s+");
                checkComparator(ends[0], text.get());
                checkComparator(ends[1], text.get());
                alternatives.add(ends[0].strip() + " - " + ends[1].strip());
                continue;
            }
            List<String> comparators = new ArrayList<>();
            Matcher m = Pattern.compile("(=|==|>=|<=|>|<|~>|~|\\^)?\\s*[^\\s,=<>~^]+")
                    .matcher(trimmed.replace(",", " "));
            int end = 0;
            while (m.find()) {
                String comparator =
                        m.group().replaceAll("\\s+", "").replace("~>", "~").replace("==", "=");
                checkComparator(comparator, text.get());
                comparators.add(comparator);
                end = m.end();
            }
            if (comparators.isEmpty()
                    || !trimmed.replace(",", " ").substring(end).isBlank()) {
                throw new IllegalArgumentException("'" + text.get()
                        + "' is not a semver constraint (e.g. '>= 1.2, < 2'," + " '~1.2', '^1.2.3', '1.x')");
            }
            alternatives.add(String.join(" ", comparators));
        }
        return Optional.of(RangeListFactory.create(String.join(" || ", alternatives)));
    }

    private static void checkComparator(String comparator, String whole) {
        if (!COMPARATOR.matcher(comparator.strip()).matches()) {
            throw new IllegalArgumentException("'" + whole + "' is not a semver constraint: cannot read '"
                    + comparator.strip() + "' (e.g. '>= 1.2, < 2', '~1.2', '^1.2.3', '1.x')");
        }
    }
}
