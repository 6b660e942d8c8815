package dev.dockertag.reaper.apply;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dockertag.registry.image.Digest;
import dev.dockertag.registry.image.Manifest;
import dev.dockertag.tool.io.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What an apply removes, written before the first deletion: per repository, each removed tag and the digest it pointed
 * at, and the exact bytes of every manifest involved (an index's children too). Until GC runs the blobs are still
 * there, so re-pushing these manifests and tags undoes the apply. It holds no credentials.
 *
 * <pre>{@code {"format": "dockertag-reaper-journal/1", "written": "2026-11-21T10:00:00Z",
 *  "repositories": [{"repository": "registry.example.com/acme/app",
 *    "tags": {"feat-x-latest": "sha256:..."},
 *    "manifests": [{"digest": "sha256:...", "mediaType": "...", "bytes": "<base64>"}]}]}}</pre>
 */
public record Journal(Instant written, List<Entry> repositories) {

    static final String FORMAT = "dockertag-reaper-journal/1";
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public Journal {
        repositories = List.copyOf(repositories);
    }

    /**
     * One repository's removed tags, and the manifests needed to put them back (children before indexes); {@code api}
     * is what deleted them ({@code registry.api}), {@code restoreIds} what its provider restores them by (GHCR's
     * package version ids), empty where the manifests are pushed back.
     */
    public record Entry(
            String repository,
            Map<String, Digest> tags,
            List<Manifest> manifests,
            String api,
            Map<Digest, String> restoreIds) {
        public Entry {
            tags = Collections.unmodifiableMap(new LinkedHashMap<>(tags));
            manifests = List.copyOf(manifests);
            restoreIds = Collections.unmodifiableMap(new LinkedHashMap<>(restoreIds));
        }

        public Entry(String repository, Map<String, Digest> tags, List<Manifest> manifests) {
            this(repository, tags, manifests, "oci", Map.of());
        }
    }

    /**
     * Where journals go when {@code --journal-dir} is not given: the user's state directory ({@code $XDG_STATE_HOME},
     * else {@code ~/.local/state}) or, without a home, {@code $TMPDIR}, each under {@code dockertag-reaper}. Never the
     * current directory, where a journal ended up as an untracked file in whatever repository the reaper was run from.
     */
    public static Path defaultDirectory(Map<String, String> env) {
        String state = env.get("XDG_STATE_HOME");
        if (state != null && state.startsWith("/")) {
            return Path.of(state, "dockertag-reaper");
        }
        String home = env.get("HOME");
        if (home != null && home.startsWith("/")) {
            return Path.of(home, ".local", "state", "dockertag-reaper");
        }
        String tmp = env.get("TMPDIR");
        return Path.of(
                tmp != null && tmp.startsWith("/") ? tmp : System.getProperty("java.io.tmpdir"), "dockertag-reaper");
    }

    /** Writes the journal whole or not at all (a temporary file, then a rename). */
    public void write(Path file) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("format", FORMAT);
        root.put("written", written.toString());
        ArrayNode list = root.putArray("repositories");
        for (Entry entry : repositories) {
            ObjectNode node = list.addObject();
            node.put("repository", entry.repository());
            ObjectNode tags = node.putObject("tags");
            entry.tags().forEach((tag, digest) -> tags.put(tag, digest.toString()));
            node.put("api", entry.api());
            if (!entry.restoreIds().isEmpty()) {
                ObjectNode ids = node.putObject("restore_ids");
                entry.restoreIds().forEach((digest, id) -> ids.put(digest.toString(), id));
            }
            ArrayNode manifests = node.putArray("manifests");
            for (Manifest manifest : entry.manifests()) {
                manifests
                        .addObject()
                        .put("digest", manifest.digest().toString())
                        .put("mediaType", manifest.mediaType())
                        .put("bytes", Base64.getEncoder().encodeToString(manifest.bytes()));
            }
        }
        try {
            AtomicFiles.writeJson(file, MAPPER, root);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the journal " + file + ": " + e.getMessage(), e);
        }
    }

    /** Reads a journal; a file that is not one is an error naming the file and what is wrong. */
    public static Journal read(Path file) {
        JsonNode root;
        try {
            root = MAPPER.readTree(Files.readAllBytes(file));
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(file + ": no such journal");
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": not a reaper journal (not JSON: " + e.getMessage() + ")");
        }
        if (root == null || !FORMAT.equals(root.path("format").asText())) {
            throw new IllegalArgumentException(file + ": not a reaper journal (no \"format\": \"" + FORMAT + "\")");
        }
        List<Entry> entries = new ArrayList<>();
        try {
            for (JsonNode node : root.path("repositories")) {
                Map<String, Digest> tags = new LinkedHashMap<>();
                node.path("tags")
                        .fields()
                        .forEachRemaining(e ->
                                tags.put(e.getKey(), Digest.parse(e.getValue().asText())));
                List<Manifest> manifests = new ArrayList<>();
                for (JsonNode m : node.path("manifests")) {
                    Manifest manifest = Manifest.of(
                            Base64.getDecoder().decode(m.path("bytes").asText()),
                            m.path("mediaType").asText());
                    if (!manifest.digest().toString().equals(m.path("digest").asText())) {
                        throw new IllegalArgumentException("manifest "
                                + m.path("digest").asText() + " does not match its bytes (" + manifest.digest() + ")");
                    }
                    manifests.add(manifest);
                }
                Map<Digest, String> restoreIds = new LinkedHashMap<>();
                node.path("restore_ids")
                        .fields()
                        .forEachRemaining(e -> restoreIds.put(
                                Digest.parse(e.getKey()), e.getValue().asText()));
                entries.add(new Entry(
                        node.path("repository").asText(),
                        tags,
                        manifests,
                        node.path("api").asText("oci"),
                        restoreIds));
            }
            return new Journal(Instant.parse(root.path("written").asText()), entries);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(file + ": damaged reaper journal: " + e.getMessage());
        }
    }
}
