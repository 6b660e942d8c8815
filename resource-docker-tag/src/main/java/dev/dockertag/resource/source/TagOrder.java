package dev.dockertag.resource.source;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** How {@code source.sort} orders the tags of regex mode, oldest first. */
public enum TagOrder {

    /** Semantic versions (an optional leading {@code v}); tags that are not one are left out. */
    SEMVER,
    /** Text with digit runs compared as numbers: {@code build-9 < build-10}. */
    NATURAL,
    /** The image config's {@code created} time; costs a config read per new tag (then cached). */
    CREATED;

    public static Optional<TagOrder> parse(String value) {
        for (TagOrder order : values()) {
            if (order.name().toLowerCase(Locale.ROOT).equals(value)) {
                return Optional.of(order);
            }
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Orders tag names; for {@link #CREATED} names only break ties, so it is the natural order. */
    public Comparator<String> byName() {
        return this == SEMVER ? SEMVER_ORDER : NATURAL_ORDER;
    }

    /** Whether a tag takes part in this order at all. */
    public boolean accepts(String tag) {
        return this != SEMVER || SemVer.parse(tag).isPresent();
    }

    private static final Comparator<String> NATURAL_ORDER = TagOrder::compareNatural;
    private static final Comparator<String> SEMVER_ORDER = Comparator.comparing(
                    (String tag) -> SemVer.parse(tag).orElseThrow())
            .thenComparing(NATURAL_ORDER);

    private static final Pattern CHUNK = Pattern.compile("\\d+|\\D+");

    static int compareNatural(String a, String b) {
        Matcher ma = CHUNK.matcher(a);
        Matcher mb = CHUNK.matcher(b);
        while (ma.find() && mb.find()) {
            String ca = ma.group();
            String cb = mb.group();
            boolean digitsA = Character.isDigit(ca.charAt(0));
            boolean digitsB = Character.isDigit(cb.charAt(0));
            int c = digitsA && digitsB ? new BigInteger(ca).compareTo(new BigInteger(cb)) : ca.compareTo(cb);
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(a.length(), b.length()) != 0 ? Integer.compare(a.length(), b.length()) : a.compareTo(b);
    }

    /** A semantic version 2.0.0 (https://semver.org), build metadata ignored for ordering. */
    record SemVer(BigInteger major, BigInteger minor, BigInteger patch, List<String> preRelease)
            implements Comparable<SemVer> {

        private static final Pattern FORMAT = Pattern.compile(
                "v?(0|[1-9]\\d*)\\.(0|[1-9]\\d*)\\.(0|[1-9]\\d*)(?:-([0-9A-Za-z-]+(?:\\.[0-9A-Za-z-]+)*))?"
                        + "(?:\\+[0-9A-Za-z-]+(?:\\.[0-9A-Za-z-]+)*)?");

        static Optional<SemVer> parse(String tag) {
            Matcher m = FORMAT.matcher(tag);
            if (!m.matches()) {
                return Optional.empty();
            }
            List<String> pre =
                    m.group(4) == null ? List.of() : List.of(m.group(4).split("\\."));
            return Optional.of(new SemVer(
                    new BigInteger(m.group(1)), new BigInteger(m.group(2)), new BigInteger(m.group(3)), pre));
        }

        @Override
        public int compareTo(SemVer o) {
            int c = major.compareTo(o.major);
            if (c == 0) {
                c = minor.compareTo(o.minor);
            }
            if (c == 0) {
                c = patch.compareTo(o.patch);
            }
            if (c != 0) {
                return c;
            }
            if (preRelease.isEmpty() || o.preRelease.isEmpty()) {
                return Boolean.compare(preRelease.isEmpty(), o.preRelease.isEmpty()); // 1.0.0-rc.1 < 1.0.0
            }
            for (int i = 0; i < Math.min(preRelease.size(), o.preRelease.size()); i++) {
                c = compareIdentifier(preRelease.get(i), o.preRelease.get(i));
                if (c != 0) {
                    return c;
                }
            }
            return Integer.compare(preRelease.size(), o.preRelease.size());
        }

        private static int compareIdentifier(String a, String b) {
            boolean numA = a.chars().allMatch(Character::isDigit);
            boolean numB = b.chars().allMatch(Character::isDigit);
            if (numA && numB) {
                return new BigInteger(a).compareTo(new BigInteger(b));
            }
            if (numA != numB) {
                return numA ? -1 : 1; // numeric identifiers sort before alphanumeric ones
            }
            return a.compareTo(b);
        }
    }

    public static List<String> sortedCopy(List<String> tags, TagOrder order) {
        List<String> copy = new ArrayList<>(tags);
        copy.sort(order.byName());
        return copy;
    }
}
