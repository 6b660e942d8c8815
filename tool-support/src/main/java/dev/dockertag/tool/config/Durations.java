package dev.dockertag.tool.config;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as Concourse users write them (Go's {@code time.ParseDuration} units {@code h}, {@code m}, {@code s}, in
 * that order, e.g. {@code 24h}, {@code 1h30m}, {@code 90s}), plus {@code d} for days and a bare {@code 0}.
 */
public final class Durations {

    private static final Pattern DURATION = Pattern.compile("(?:(\\d+)d)?(?:(\\d+)h)?(?:(\\d+)m)?(?:(\\d+)s)?");

    private Durations() {}

    private static final String EXAMPLES = "24h, 1h30m, 90m, 45s or 7d";

    /** The duration; an {@link IllegalArgumentException} saying what is accepted when the text is not one. */
    public static Duration parse(String text) {
        if (text.trim().equals("0")) {
            return Duration.ZERO;
        }
        return parse(text, "24h, 1h30m, 90m, 45s, 7d or 0");
    }

    /**
     * A duration of more than zero (a bound on a run, say); an {@link IllegalArgumentException} saying what is accepted
     * for anything else, {@code 0} included.
     */
    public static Duration parsePositive(String text) {
        Duration duration = parse(text, EXAMPLES);
        if (duration.isZero()) {
            throw new IllegalArgumentException("'" + text + "' leaves no time: write it like " + EXAMPLES);
        }
        return duration;
    }

    private static Duration parse(String text, String examples) {
        String trimmed = text.trim();
        Matcher m = DURATION.matcher(trimmed);
        if (trimmed.isEmpty() || !m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a duration: write it like " + examples);
        }
        try {
            return Duration.ofDays(number(m.group(1)))
                    .plusHours(number(m.group(2)))
                    .plusMinutes(number(m.group(3)))
                    .plusSeconds(number(m.group(4)));
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("'" + text + "' is too long a duration");
        }
    }

    private static long number(String digits) {
        return digits == null ? 0 : Long.parseLong(digits);
    }
}
