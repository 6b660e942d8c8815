package dev.dockertag.pipelinegen.fly;

import dev.dockertag.failures.HintedException;

/** fly could not be found or run. */
public class FlyException extends HintedException {

    public FlyException(String message, String hint) {
        super(message, hint);
    }
}
