package dev.dockertag.resource.support;

import java.io.PrintStream;

/**
 * Everything the resource says to people goes to stderr (Concourse shows it in the build log);
 * stdout carries only the JSON response. Debug lines only when {@code source.debug} is true.
 * Never give it a secret: everyone who can see the pipeline can read it.
 */
public final class Log {

    private final PrintStream err;
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

    public synchronized void info(String line) {
        err.println(line);
        err.flush();
    }

    public void debug(String line) {
        if (debug) {
            info("debug: " + line);
        }
    }

    public static String size(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        if (bytes < 1024 * 1024) {
            return String.format("%.1f KiB", bytes / 1024.0);
        }
        if (bytes < 1024L * 1024 * 1024) {
            return String.format("%.1f MiB", bytes / (1024.0 * 1024));
        }
        return String.format("%.2f GiB", bytes / (1024.0 * 1024 * 1024));
    }
}
