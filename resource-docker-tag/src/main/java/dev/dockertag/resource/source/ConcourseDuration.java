package dev.dockertag.resource.source;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as Concourse writes them (Go's {@code time.ParseDuration}): decimal numbers, each with a unit of
 * {@code ns}, {@code us}, {@code µs}, {@code ms}, {@code s}, {@code m} or {@code h}, e.g. {@code 45s}, {@code 10m},
 * {@code 1h30m}, {@code 1.5h}.
 */
public final class ConcourseDuration {

    private static final Pattern WHOLE = Pattern.compile("(?:\\d+(?:\\.\\d*)?|\\.\\d+)(?:ns|us|µs|ms|s|m|h)"
            + "(?:(?:\\d+(?:\\.\\d*)?|\\.\\d+)(?:ns|us|µs|ms|s|m|h))*");
    private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d*)?|\\.\\d+)(ns|us|µs|ms|s|m|h)");
    private static final Map<String, Long> NANOS = Map.of(
            "ns",
            1L,
            "us",
            1_000L,
            "µs",
            1_000L,
            "ms",
            1_000_000L,
            "s",
            1_000_000_000L,
            "m",
            60_000_000_000L,
            "h",
            3_600_000_000_000L);

    private ConcourseDuration() {}

    /** The duration {@code text} names; an {@link IllegalArgumentException} saying why not. */
    public static Duration parse(String text) {
        String s = text == null ? "" : text.trim();
        if (!WHOLE.matcher(s).matches()) {
            throw new IllegalArgumentException(
                    "'" + s + "' is not a duration; write it as Concourse does," + " e.g. 45s, 10m or 1h30m");
        }
        BigDecimal nanos = BigDecimal.ZERO;
        Matcher m = PART.matcher(s);
        while (m.find()) {
            nanos = nanos.add(new BigDecimal(m.group(1).endsWith(".") ? m.group(1) + "0" : m.group(1))
                    .multiply(BigDecimal.valueOf(NANOS.get(m.group(2)))));
        }
        if (nanos.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
            throw new IllegalArgumentException("'" + s + "' is longer than any deadline can be");
        }
        return Duration.ofNanos(nanos.longValue());
    }
}
