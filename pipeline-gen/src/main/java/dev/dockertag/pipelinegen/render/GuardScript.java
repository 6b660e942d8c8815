package dev.dockertag.pipelinegen.render;

/**
 * The check that makes the race between an image and the code that needs it visible: before a job uses an image (as a
 * task image or as a build's parent), it compares the commit the image was built from (the {@code commit} file
 * resource-docker-tag writes from the image's revision annotation) with the last commit in the job's checkout that
 * touched the image's files. If those files changed after the image was built, the job fails with a message naming the
 * build job; the new image's push triggers it again.
 */
final class GuardScript {

    static final String TEXT = """
            built=$(cat "$IMAGE/commit" 2>/dev/null || true)
            if [ -z "$built" ]; then
              echo "$IMAGE: the image records no commit, so it cannot be checked against $SOURCE"
              exit 0
            fi
            cd "$SOURCE"
            changed=$(git log -1 --format=%H -- $PATHS)
            if [ -z "$changed" ]; then
              echo "$IMAGE: no commit in $SOURCE touches $PATHS"
              exit 0
            fi
            if ! git cat-file -e "$built^{commit}" 2>/dev/null; then
              git fetch -q origin "$built" 2>/dev/null || true
            fi
            if ! git cat-file -e "$built^{commit}" 2>/dev/null; then
              echo "$IMAGE: built from $built, which this checkout cannot fetch; not checked"
              exit 0
            fi
            if git merge-base --is-ancestor "$changed" "$built"; then
              echo "$IMAGE: current (built from $built; its files last changed in $changed)"
              exit 0
            fi
            echo "$IMAGE is stale: built from $built, but $PATHS changed in $changed" >&2
            echo "$BUILD_JOB rebuilds it; this job runs again when the new image is pushed" >&2
            exit 1
            """;

    private GuardScript() {}
}
