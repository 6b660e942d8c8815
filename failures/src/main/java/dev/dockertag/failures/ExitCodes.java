package dev.dockertag.failures;

/**
 * The exit codes of all three tools, in one place (the README's "Exit codes" table says the same).
 *
 * <table>
 * <tr><th>code</th><th>meaning</th></tr>
 * <tr><td>0</td><td>done</td></tr>
 * <tr><td>1</td><td>a failure, reported on stderr ({@link FailureReport})</td></tr>
 * <tr><td>2</td><td>the reaper only: a registry that cannot delete was left alone</td></tr>
 * <tr><td>64</td><td>a command line that does not parse (sysexits' {@code EX_USAGE}), in every tool</td></tr>
 * </table>
 */
public final class ExitCodes {

    /** Done. */
    public static final int OK = 0;
    /** A failure, reported on stderr. */
    public static final int FAILED = 1;
    /** A command line that does not parse: an unknown script, option or argument (sysexits' EX_USAGE). */
    public static final int USAGE = 64;

    private ExitCodes() {}
}
