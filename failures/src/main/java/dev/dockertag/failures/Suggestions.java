package dev.dockertag.failures;

import java.util.Collection;
import java.util.Comparator;
import java.util.Locale;
import java.util.Optional;

/**
 * "Did you mean" for a key nobody knows: the known key closest to it by edit distance (a letter added, dropped, changed
 * or two swapped), when it is close enough to be a slip rather than another word.
 */
public final class Suggestions {

    private Suggestions() {}

    /**
     * The known key {@code key} is most likely a slip of, if any is within 2 edits (1 for keys of 4 letters or less).
     */
    public static Optional<String> closest(String key, Collection<String> known) {
        String typed = key.toLowerCase(Locale.ROOT);
        int allowed = typed.length() <= 4 ? 1 : 2;
        return known.stream()
                .filter(k -> !k.equals(key))
                .map(k -> new Candidate(k, distance(typed, k.toLowerCase(Locale.ROOT))))
                .filter(c -> c.distance <= allowed)
                .min(Comparator.comparingInt(Candidate::distance).thenComparing(Candidate::key))
                .map(Candidate::key);
    }

    private record Candidate(String key, int distance) {}

    /** Optimal string alignment distance: insertions, deletions, substitutions and adjacent swaps. */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
