package dev.dockertag.reaper.gc;

import dev.dockertag.failures.HintedException;

/** Garbage collection could not be started or did not finish well; the deletions themselves stand. */
public class GcFailure extends HintedException {

    public GcFailure(String message, String hint) {
        super(message, hint);
    }
}
