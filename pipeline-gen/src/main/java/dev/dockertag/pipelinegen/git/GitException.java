package dev.dockertag.pipelinegen.git;

import dev.dockertag.failures.HintedException;

/** A git question pipeline-gen could not answer. */
public class GitException extends HintedException {

    public GitException(String message, String hint) {
        super(message, hint);
    }
}
