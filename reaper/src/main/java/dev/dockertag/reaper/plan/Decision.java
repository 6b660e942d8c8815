package dev.dockertag.reaper.plan;

import dev.dockertag.registry.image.Digest;

/** What happens to one tag, and why. */
public record Decision(String tag, Digest digest, Action action, String reason) {

    /**
     * {@code DELETE_MANIFEST}: no kept tag or index needs the digest, so the manifest goes (with every doomed tag on
     * it). {@code UNTAG}: the digest is still needed, so only the tag may go (OCI tag delete, or a throwaway manifest
     * pushed to the tag and deleted).
     */
    public enum Action {
        KEEP,
        DELETE_MANIFEST,
        UNTAG
    }

    public boolean removes() {
        return action != Action.KEEP;
    }
}
