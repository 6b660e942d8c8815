package dev.dockertag.resource;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dockertag.resource.RegistryImageDifferentialIT.Outcome;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Where two outcomes of the same request disagree, in words for the compatibility table. Both failing agree (the
 * wording of errors is each tool's own); this resource may write more files and metadata than registry-image, never
 * fewer or different ones.
 */
final class Comparison {

    static final String ANOTHER_ORDER = "the same versions in another order";

    private Comparison() {}

    static List<String> differences(DifferentialCases.Case c, Outcome theirs, Outcome ours) {
        List<String> found = new ArrayList<>();
        if ((theirs.exit() == 0) != (ours.exit() == 0)) {
            found.add(
                    theirs.exit() == 0
                            ? "registry-image succeeds, this resource fails"
                            : "registry-image fails," + " this resource succeeds");
            return found;
        }
        if (theirs.exit() != 0) {
            if (!ours.stdout().isBlank()) {
                found.add("this resource printed on stdout while failing");
            }
            return found;
        }
        JsonNode a = theirs.json();
        JsonNode b = ours.json();
        if (a == null || b == null) {
            found.add("stdout is not JSON");
            return found;
        }
        switch (c.script()) {
            case "check" -> {
                if (!a.equals(b)) {
                    found.add(sameSet(a, b) ? ANOTHER_ORDER : "versions differ");
                }
            }
            case "in" -> {
                version(a, b, true, found);
                metadata(a, b, found);
                files(theirs, ours, found);
            }
            default -> {
                version(a, b, c.sameBytes(), found);
                if (!theirs.pushed().equals(ours.pushed())) {
                    found.add("the registry holds other tags or images");
                }
            }
        }
        return found;
    }

    private static boolean sameSet(JsonNode a, JsonNode b) {
        List<JsonNode> left = new ArrayList<>();
        a.forEach(left::add);
        List<JsonNode> right = new ArrayList<>();
        b.forEach(right::add);
        return left.size() == right.size() && left.containsAll(right);
    }

    private static void version(JsonNode a, JsonNode b, boolean digestToo, List<String> found) {
        if (!a.path("version").path("tag").equals(b.path("version").path("tag"))) {
            found.add("the version's tag differs");
        }
        if (digestToo
                && !a.path("version").path("digest").equals(b.path("version").path("digest"))) {
            found.add("the version's digest differs");
        }
    }

    /** Each metadata field registry-image prints, this resource prints too, with the same value. */
    private static void metadata(JsonNode a, JsonNode b, List<String> found) {
        for (JsonNode field : a.path("metadata")) {
            boolean present = false;
            for (JsonNode mine : b.path("metadata")) {
                present |= mine.equals(field);
            }
            if (!present) {
                found.add("metadata " + field.path("name").asText() + " missing or different");
            }
        }
    }

    /**
     * Each file registry-image writes, this resource writes too: under {@code rootfs/} the same in content, mode and
     * owner; elsewhere the same in content (this resource makes every such file 0644). JSON files compare as JSON (key
     * order is not content); an OCI layout's {@code index.json} by the manifests it lists (each tool adds its own
     * annotations); a {@code docker save} tar by its tags, config and layers (the config's file name is each tool's).
     */
    private static void files(Outcome theirs, Outcome ours, List<String> found) {
        List<String> missing = new ArrayList<>();
        for (String line : theirs.files()) {
            String path = line.substring(0, line.indexOf(' '));
            if (ours.files().contains(line)) {
                continue;
            }
            Path a = theirs.dir().resolve(path);
            Path b = ours.dir().resolve(path);
            boolean same = !path.startsWith("rootfs/")
                    && Files.exists(b)
                    && (Files.isDirectory(a)
                            ? Files.isDirectory(b)
                            : path.endsWith("index.json")
                                    ? listed(a).equals(listed(b))
                                    : path.endsWith(".tar")
                                            ? DockerSave.of(a).equals(DockerSave.of(b))
                                            : path.endsWith(".json") || path.endsWith("oci-layout")
                                                    ? sameJson(a, b)
                                                    : sameBytes(a, b));
            if (!same) {
                missing.add(Files.exists(b) ? path + " differs" : path + " is not written");
            }
        }
        if (missing.size() > 3) {
            found.add(
                    missing.size() + " files differ or are missing, e.g. " + String.join(", ", missing.subList(0, 3)));
        } else {
            found.addAll(missing);
        }
    }

    /** The manifest digests an OCI layout's index lists. */
    private static List<String> listed(Path index) {
        try {
            List<String> digests = new ArrayList<>();
            ResourceScripts.JSON
                    .readTree(index.toFile())
                    .path("manifests")
                    .forEach(m -> digests.add(m.path("digest").asText()));
            return digests;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean sameBytes(Path a, Path b) {
        try {
            return Files.mismatch(a, b) == -1;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean sameJson(Path a, Path b) {
        try {
            return Files.exists(b)
                    && Objects.equals(
                            ResourceScripts.JSON.readTree(a.toFile()), ResourceScripts.JSON.readTree(b.toFile()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
