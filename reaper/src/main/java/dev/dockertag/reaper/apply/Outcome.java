package dev.dockertag.reaper.apply;

import dev.dockertag.registry.Digest;

/** What became of one tag the plan removes. */
public record Outcome(String repository, String tag, Digest digest, Result result, String detail) {

    /** REMOVED: gone as planned. SKIPPED: it changed since the plan, so it was left alone. LEFT: it could not be removed. */
    public enum Result { REMOVED, SKIPPED, LEFT }
}
