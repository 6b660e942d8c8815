package dev.dockertag.resource.script;

import dev.dockertag.failures.Redactor;
import java.io.PrintStream;
import java.util.regex.Pattern;

/**
 * Everything the resource says to people goes to stderr (Concourse shows it in the build log); stdout carries only the
 * JSON response. Debug lines only when {@code source.debug} is true. Everyone who can see the pipeline can read it, so
 * every line is redacted on its way out, whatever the code path and whatever a registry echoed into it: the secrets
 * named by {@link #redact} in every shape {@link Redactor} knows (whole, line by line, JSON-escaped, URL-encoded,
 * base64, as {@code user:password}), the value after {@code Basic} or {@code Bearer}, and the value of a JSON
 * {@code token}, {@code access_token}, {@code refresh_token} or {@code password} key all become {@code ****}.
 */
public final class Log {

    private static final Pattern SCHEME_CREDENTIAL =
            Pattern.compile("(?i)\\b(Basic|Bearer)(\\s+)(?!(?:realm|service|scope|error)=)[A-Za-z0-9+/=._~-]{4,}");
    private static final Pattern JSON_SECRET =
            Pattern.compile("(?i)(\"(?:access_token|refresh_token|token|password)\"\\s*:\\s*\")[^\"]*\"");

    private final PrintStream err;
    private final Redactor secrets = new Redactor();
    private volatile boolean debug;

    public Log(PrintStream err) {
        this.err = err;
    }

    public void enableDebug(boolean enabled) {
        this.debug = enabled;
    }

    public boolean isDebug() {
        return debug;
    }

    /** Never print {@code username}'s {@code password}, nor the Basic credential they make. */
    public void redact(String username, String password) {
        secrets.addBasic(username, password);
    }

    public synchronized void info(String line) {
        err.println(redacted(line));
        err.flush();
    }

    String redacted(String line) {
        String out = secrets.redact(line);
        out = SCHEME_CREDENTIAL.matcher(out).replaceAll("$1$2****");
        return JSON_SECRET.matcher(out).replaceAll("$1****\"");
    }

    public void debug(String line) {
        if (debug) {
            info("debug: " + line);
        }
    }
}
