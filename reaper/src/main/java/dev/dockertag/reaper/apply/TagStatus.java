package dev.dockertag.reaper.apply;

import dev.dockertag.registry.image.Digest;
import java.util.Locale;

/**
 * Where one planned removal stands after an apply, finished or stopped part way: what the text report prints as a line
 * and {@code apply --json} as an object. {@code tag} is null for an untagged referrer.
 */
public record TagStatus(String repository, String tag, Digest digest, State state, String detail) {

    public enum State {
        /** Gone as planned (deleted, untagged, or already gone). */
        DELETED,
        /** It changed since the plan, so it was left alone. */
        SKIPPED,
        /** Its removal was answered with a refusal; the apply went on. */
        LEFT,
        /** The removal under way when the apply stopped. */
        FAILED,
        /** The apply stopped before it got there. */
        NOT_ATTEMPTED;

        /** {@code deleted}, {@code not attempted}, ... */
        public String words() {
            return name().toLowerCase(Locale.ROOT).replace('_', ' ');
        }
    }

    static TagStatus of(Outcome outcome) {
        State state = switch (outcome.result()) {
            case REMOVED -> State.DELETED;
            case SKIPPED -> State.SKIPPED;
            case LEFT -> State.LEFT;
        };
        return new TagStatus(outcome.repository(), outcome.tag(), outcome.digest(), state, outcome.detail());
    }

    /** {@code repository:tag}, or {@code repository@digest} for an untagged referrer. */
    public String what() {
        return tag == null ? repository + "@" + digest : repository + ":" + tag;
    }

    /** {@code deleted team/app:feat-x-latest}, {@code skipped team/app:feat-x-1 (it moved to ...)}. */
    public String line() {
        return state.words() + " " + what() + (detail == null || state == State.DELETED ? "" : " (" + detail + ")");
    }
}
