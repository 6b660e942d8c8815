package dev.dockertag.testsupport;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Tuple;

/**
 * Secrets of the kinds that leak, for property tests: several lines (a service account's JSON key is one), quotes,
 * backslashes, non-ASCII, shell and URL metacharacters, around random lowercase runs, so that a line of one does not
 * turn up in ordinary text by chance.
 */
public final class AwkwardSecrets {

    private AwkwardSecrets() {}

    /** Secrets of 2 to {@code maxParts} parts holding at least {@code minLetters} random letters. */
    public static Arbitrary<String> of(int maxParts, int minLetters) {
        Arbitrary<String> core = Arbitraries.strings().withCharRange('a', 'z').ofLength(8);
        Arbitrary<String> odd = Arbitraries.of(
                "\n", "\r\n", "\"", "\\", "$(id)", "`", "&&", "<", "é", "€", "😀", " ", "'", "+", "/", "=", "\t", "%");
        return Arbitraries.frequencyOf(Tuple.of(3, core), Tuple.of(2, odd))
                .list()
                .ofMinSize(2)
                .ofMaxSize(maxParts)
                .map(parts -> String.join("", parts))
                .filter(s -> s.replaceAll("[^a-z]", "").length() >= minLetters);
    }
}
