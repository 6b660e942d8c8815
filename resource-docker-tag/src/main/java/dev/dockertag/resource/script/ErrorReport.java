package dev.dockertag.resource.script;

import dev.dockertag.failures.FailureReport;
import dev.dockertag.failures.RegistryFailures;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How the resource prints a failure: {@link FailureReport}'s lines (the table all three tools share, with the
 * {@code source.*} keys) as {@code error: <what failed>: <why>} on one line and an optional {@code hint:} line, the
 * stack trace only with {@code source.debug}. {@link Log} redacts whatever a registry echoed into a message, and a
 * value quoted in one is cut to {@value #MAX_ECHO} characters.
 */
public final class ErrorReport {

    private ErrorReport() {}

    public static void print(Throwable failure, Log log) {
        print(failure, log, Optional.empty());
    }

    /**
     * As {@link #print(Throwable, Log)}, but when the script was ended early ({@code ending}: its deadline passed, or
     * it was terminated) that is the error, whatever the cancelled work threw.
     */
    public static void print(Throwable failure, Log log, Optional<FailureReport> ending) {
        print(ending.orElseGet(() -> of(failure)), log);
        if (log.isDebug()) {
            StringWriter trace = new StringWriter();
            failure.printStackTrace(new PrintWriter(trace));
            log.info(trace.toString().stripTrailing());
        }
    }

    /** The shared table's report of {@code failure}, its hints naming the {@code source.*} keys. */
    static FailureReport of(Throwable failure) {
        return FailureReport.of(failure, RegistryFailures.Keys.RESOURCE);
    }

    /**
     * Prints {@code report}, its errors as one line (a build log shows one), redacted before it is cut: a cut could
     * leave part of a secret that exact matching would miss.
     */
    static void print(FailureReport report, Log log) {
        log.info("error: " + bounded(log.redacted(report.oneLine())));
        report.hint().ifPresent(h -> log.info("hint: " + h));
    }

    /** Longer than this, a value quoted in a message (a run with no space) is cut, with an ellipsis. */
    static final int MAX_ECHO = 200;

    private static final Pattern LONG_RUN = Pattern.compile("\\S{" + (MAX_ECHO + 1) + ",}");

    static String bounded(String line) {
        return LONG_RUN.matcher(line)
                .replaceAll(m -> Matcher.quoteReplacement(m.group().substring(0, MAX_ECHO) + "…"));
    }
}
