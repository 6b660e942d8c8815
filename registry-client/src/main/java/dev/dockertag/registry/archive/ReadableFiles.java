package dev.dockertag.registry.archive;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * A file written through a temporary one (created {@code 0600}) is made {@code 0644} before it is moved into place: a
 * later task may run as another user than the resource, and must still read the image it was given.
 */
final class ReadableFiles {

    private ReadableFiles() {}

    static void makeReadable(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: nothing to widen
        }
    }
}
