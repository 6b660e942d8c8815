package dev.dockertag.reaper.inventory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dockertag.registry.image.Digest;
import dev.dockertag.tool.io.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * When the reaper first saw each image that records no creation time: the clock {@code min_age} falls back on. Kept in
 * {@code first-seen.json} in the journal directory, per repository, and pruned to the digests a repository still has
 * each time it is listed.
 *
 * <pre>{@code {"format": "dockertag-reaper-first-seen/1",
 *  "repositories": {"registry.example.com/acme/app": {"sha256:...": "2026-11-29T10:00:00Z"}}}}</pre>
 */
public final class FirstSeen {

    static final String FORMAT = "dockertag-reaper-first-seen/1";
    public static final String FILE = "first-seen.json";
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Path file;
    private final Map<String, Map<Digest, Instant>> seen = new ConcurrentHashMap<>();

    private FirstSeen(Path file) {
        this.file = file;
    }

    /** The store in {@code directory}; a missing file is an empty store, a damaged one an error naming it. */
    public static FirstSeen in(Path directory) {
        FirstSeen store = new FirstSeen(directory.resolve(FILE));
        if (!Files.exists(store.file)) {
            return store; // not written yet (or its directory cannot be made: the journal's check says so)
        }
        JsonNode root;
        try {
            root = MAPPER.readTree(Files.readAllBytes(store.file));
        } catch (IOException e) {
            throw new IllegalArgumentException(
                    store.file + ": not a first-seen file (" + e.getMessage() + "); move it away to start afresh");
        }
        if (root == null || !FORMAT.equals(root.path("format").asText())) {
            throw new IllegalArgumentException(store.file + ": not a first-seen file (no \"format\": \"" + FORMAT
                    + "\"); move it away to start afresh");
        }
        try {
            root.path("repositories").fields().forEachRemaining(repository -> {
                Map<Digest, Instant> digests = store.repository(repository.getKey());
                repository
                        .getValue()
                        .fields()
                        .forEachRemaining(e -> digests.put(
                                Digest.parse(e.getKey()),
                                Instant.parse(e.getValue().asText())));
            });
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(store.file + ": damaged first-seen file: " + e.getMessage());
        }
        return store;
    }

    /** When {@code digest} was first seen in {@code repository}; {@code now} if this is the first time. */
    public Instant firstSeen(String repository, Digest digest, Instant now) {
        return repository(repository).computeIfAbsent(digest, d -> now);
    }

    /** Forgets the digests {@code repository} no longer has. */
    public void retainOnly(String repository, Set<Digest> present) {
        repository(repository).keySet().retainAll(present);
    }

    /** Writes the store whole or not at all; nothing is written while it is empty and was never written. */
    public void save() {
        if (seen.values().stream().allMatch(Map::isEmpty) && !Files.exists(file)) {
            return;
        }
        ObjectNode root = MAPPER.createObjectNode();
        root.put("format", FORMAT);
        ObjectNode repositories = root.putObject("repositories");
        new TreeMap<>(seen).forEach((repository, digests) -> {
            ObjectNode node = repositories.putObject(repository);
            digests.entrySet().stream()
                    .sorted(Map.Entry.comparingByKey(Comparator.comparing(Digest::toString)))
                    .forEach(e -> node.put(e.getKey().toString(), e.getValue().toString()));
        });
        try {
            AtomicFiles.writeJson(file, MAPPER, root);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    public Path file() {
        return file;
    }

    private Map<Digest, Instant> repository(String repository) {
        return seen.computeIfAbsent(repository, r -> new ConcurrentHashMap<>());
    }
}
