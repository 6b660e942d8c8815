package dev.dockertag.resource.put;

import dev.dockertag.failures.HintedException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The confinement rule for what a put reads: every path a param names must resolve, after following symlinks, inside
 * the build directory ({@code $1}). What it reads becomes a public tag, annotation or image, so
 * {@code ../../etc/passwd} or a link to {@code /root/.docker} is refused, naming the key.
 */
final class BuildDirectory {

    private BuildDirectory() {}

    /** {@code path} itself when it lies inside {@code sources} once links are followed; a missing path passes. */
    static Path confined(Path sources, Path path, String key, String asWritten) {
        if (!Files.exists(path)) {
            return path;
        }
        try {
            Path real = path.toRealPath();
            if (!real.startsWith(sources.toRealPath())) {
                throw new HintedException(
                        key + ": '" + asWritten + "' leads outside the build directory (" + sources + ")",
                        "params name files that the put's inputs hold; links may not leave them");
            }
            return path;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot resolve " + key + " '" + asWritten + "'", e);
        }
    }
}
