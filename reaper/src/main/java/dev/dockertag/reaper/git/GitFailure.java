package dev.dockertag.reaper.git;

import dev.dockertag.failures.HintedException;

/** The live branches could not be listed (or their history fetched): the run must not go on. */
public class GitFailure extends HintedException {

    public GitFailure(String message, String hint) {
        super(message, hint);
    }
}
