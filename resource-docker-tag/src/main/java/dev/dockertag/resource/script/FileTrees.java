package dev.dockertag.resource.script;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;

/** Deleting the trees the resource writes, images' read-only directories included. */
public final class FileTrees {

    private FileTrees() {}

    /** Deletes {@code root} and all under it; symlinks are removed, never followed. */
    public static void delete(Path root) throws IOException {
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        List<Path> paths;
        try (var walk = Files.walk(root)) {
            paths = walk.toList();
        }
        for (Path p : paths) {
            if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                makeWritable(p); // an image's read-only directory must not stop the clean-up
            }
        }
        for (int i = paths.size() - 1; i >= 0; i--) {
            Files.deleteIfExists(paths.get(i));
        }
    }

    private static void makeWritable(Path dir) {
        try {
            Files.setAttribute(dir, "unix:mode", 0700);
        } catch (IOException | RuntimeException e) {
            // deleting may still work (root can)
        }
    }
}
