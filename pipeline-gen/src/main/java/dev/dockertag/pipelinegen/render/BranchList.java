package dev.dockertag.pipelinegen.render;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dockertag.pipelinegen.config.BranchGlobs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/**
 * The tracker's branch list as {@code load_var} gets it: the names of the branches, sorted, without the excluded ones.
 * Reads the {@code branches.json} either branch-listing resource writes: the git resource's branches mode (a list of
 * names, {@code ["main", "feat/x"]}) or git-branches-resource (objects, {@code [{"name": "main", "groups": {}}]}).
 */
public final class BranchList {

    private static final ObjectMapper JSON = new ObjectMapper();

    private BranchList() {}

    /** The names in {@code file} less those an {@code exclude} glob matches; an error names the file and why. */
    public static List<String> read(Path file, List<String> exclude) {
        JsonNode root;
        try {
            root = JSON.readTree(Files.readAllBytes(file));
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(
                    file + ": no such file (the branch list the tracker's branches" + " resource writes)");
        } catch (IOException e) {
            throw new IllegalArgumentException(
                    file + ": not JSON: " + e.getMessage().lines().findFirst().orElse(""));
        }
        if (root == null || !root.isArray()) {
            throw new IllegalArgumentException(file + ": expected a JSON list of branches, not "
                    + (root == null ? "nothing" : root.getNodeType().toString().toLowerCase(Locale.ROOT)));
        }
        TreeSet<String> names = new TreeSet<>();
        for (int i = 0; i < root.size(); i++) {
            JsonNode entry = root.get(i);
            JsonNode name = entry.isObject() ? entry.get("name") : entry;
            if (name == null || !name.isTextual() || name.asText().isBlank()) {
                throw new IllegalArgumentException(file + ": entry " + i + " is neither a branch name nor an object"
                        + " with a \"name\": " + entry);
            }
            names.add(name.asText());
        }
        names.removeIf(branch -> BranchGlobs.anyMatches(exclude, branch));
        return List.copyOf(names);
    }

    /** The list as {@code load_var} reads it: a JSON list of strings, one line. */
    public static String json(List<String> names) {
        try {
            return JSON.writeValueAsString(names) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
