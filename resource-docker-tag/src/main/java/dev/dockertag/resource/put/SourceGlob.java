package dev.dockertag.resource.put;

import dev.dockertag.failures.HintedException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.List;
import java.util.stream.Stream;

/** A glob relative to the build directory that must name exactly one file or directory. */
final class SourceGlob {

    private SourceGlob() {}

    static Path single(Path base, String glob, String key) {
        if (glob.isBlank()) {
            throw new HintedException(key + " is empty; give a path relative to the build directory");
        }
        if (glob.startsWith("/")) {
            throw new HintedException(
                    key + " '" + glob + "' is absolute; paths are relative to the build" + " directory (" + base + ")");
        }
        PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + trimmed(glob));
        int depth = glob.contains("**") ? Integer.MAX_VALUE : trimmed(glob).split("/").length;
        List<Path> matches;
        try (Stream<Path> walk = Files.walk(base, depth)) {
            matches = walk.filter(p -> !p.equals(base))
                    .filter(p -> matcher.matches(base.relativize(p)))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the build directory " + base, e);
        }
        if (matches.isEmpty()) {
            throw new HintedException(
                    key + ": nothing matches '" + glob + "' in " + base,
                    "the path is relative to the build directory; check the output name of the task that made it");
        }
        if (matches.size() > 1) {
            List<String> names = matches.stream()
                    .limit(10)
                    .map(p -> base.relativize(p).toString())
                    .toList();
            throw new HintedException(key + ": '" + glob + "' matches " + matches.size()
                    + " paths; it must match exactly one: " + String.join(", ", names)
                    + (matches.size() > names.size() ? ", ..." : ""));
        }
        return BuildDirectory.confined(base, matches.get(0), key, glob);
    }

    private static String trimmed(String glob) {
        String g = glob;
        while (g.startsWith("./")) {
            g = g.substring(2);
        }
        while (g.endsWith("/") && g.length() > 1) {
            g = g.substring(0, g.length() - 1);
        }
        return g;
    }
}
