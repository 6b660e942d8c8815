package dev.dockertag.reaper.apply;

import dev.dockertag.registry.image.Digest;

/** What became of one tag the plan removes, or ({@code tag} null) of one untagged referrer. */
public record Outcome(String repository, String tag, Digest digest, Result result, String detail) {

    /**
     * REMOVED: gone as planned. SKIPPED: it changed since the plan, so it was left alone. LEFT: it could not be
     * removed.
     */
    public enum Result {
        REMOVED,
        SKIPPED,
        LEFT
    }

    /** {@code repository:tag}, or {@code repository@digest} for an untagged referrer. */
    public String what() {
        return tag == null ? repository + "@" + digest : repository + ":" + tag;
    }
}
