package dev.dockertag.pipelinegen.config;

import dev.dockertag.tool.config.Fields;
import java.nio.file.Path;

/** Paths in the config: relative to the repository's root, inside it, normalised. */
final class RepositoryPaths {

    private RepositoryPaths() {}

    static boolean checkRelative(Fields fields, String key, String path) {
        if (path.startsWith("/") || Path.of(path).normalize().startsWith("..") || path.matches(".*\\s.*")) {
            fields.problem(key, "'" + path + "' must be a relative path inside the repository, without spaces");
            return false;
        }
        return true;
    }

    static String trimSlashes(String path) {
        String result = normalise(path);
        return result.isEmpty() ? "." : result;
    }

    static String normalise(String path) {
        String result = Path.of(path).normalize().toString();
        while (result.endsWith("/")) {
            result = result.substring(0, result.length() - 1);
        }
        return result;
    }
}
