package dev.dockertag.reaper.apply;

import dev.dockertag.failures.HintedException;

/** The apply was refused before any deletion, or went wrong and was rolled back from the journal. */
public class ApplyFailure extends HintedException {

    /** The exit code of an apply that left repositories alone because their registry cannot delete. */
    public static final int CANNOT_DELETE = 2;

    public ApplyFailure(String message, String hint) {
        super(message, hint);
    }

    private ApplyFailure(String message, String hint, int exitCode) {
        super(message, hint, exitCode);
    }

    /** Some repositories had removals but their registry cannot delete: exit {@value #CANNOT_DELETE}. */
    public static ApplyFailure cannotDelete(String message) {
        return new ApplyFailure(message, null, CANNOT_DELETE);
    }
}
