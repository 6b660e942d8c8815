package dev.dockertag.tool.cli;

/** A count in words a person writes: {@code 1 tag}, {@code 2 tags}, {@code 0 tags}. */
public final class Counts {

    private Counts() {}

    /** {@code n} and the noun, singular for exactly one. */
    public static String of(long n, String one, String many) {
        return n + " " + (n == 1 ? one : many);
    }

    /** For nouns that take an s: {@code of(1, "tag")} is {@code 1 tag}. */
    public static String of(long n, String one) {
        return of(n, one, one + "s");
    }
}
