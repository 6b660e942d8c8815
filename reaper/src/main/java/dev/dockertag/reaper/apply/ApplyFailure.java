package dev.dockertag.reaper.apply;

import dev.dockertag.tool.cli.HintedException;

/** The apply was refused before any deletion, or went wrong and was rolled back from the journal. */
public class ApplyFailure extends HintedException {

    public ApplyFailure(String message, String hint) {
        super(message, hint);
    }
}
