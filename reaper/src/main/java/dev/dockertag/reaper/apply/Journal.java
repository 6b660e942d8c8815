package dev.dockertag.reaper.apply;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
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
        write(file, written, out -> {
            for (Entry entry : repositories) {
                out.repository(entry.repository(), entry.tags(), entry.api(), entry.restoreIds());
                for (Manifest manifest : entry.manifests()) {
                    out.manifest(manifest);
                }
            }
        });
    }

    /** What {@link #write(Path, Instant, Body)} writes: repositories, each followed by its manifests. */
    @FunctionalInterface
    public interface Body {
        void writeTo(Writer out) throws IOException;
    }

    /**
     * Writes a journal as {@code body} makes it, one manifest at a time, so that an apply of 50,000 deletions never
     * holds them all; whole or not at all, like {@link #write(Path)}: when {@code body} fails, no journal is left.
     */
    public static void write(Path file, Instant written, Body body) {
        try {
            AtomicFiles.write(file, stream -> {
                try (JsonGenerator json =
                        MAPPER.getFactory().createGenerator(stream).useDefaultPrettyPrinter()) {
                    json.writeStartObject();
                    json.writeStringField("format", FORMAT);
                    json.writeStringField("written", written.toString());
                    json.writeArrayFieldStart("repositories");
                    Writer out = new Writer(json);
                    body.writeTo(out);
                    out.endRepository();
                    json.writeEndArray();
                    json.writeEndObject();
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the journal " + file + ": " + e.getMessage(), e);
        }
    }

    /** The journal being written: a repository's entry, then its manifests, then the next repository. */
    public static final class Writer {

        private final JsonGenerator json;
        private boolean inRepository;

        private Writer(JsonGenerator json) {
            this.json = json;
        }

        /** Starts a repository's entry; its manifests follow. */
        public void repository(String repository, Map<String, Digest> tags, String api, Map<Digest, String> restoreIds)
                throws IOException {
            endRepository();
            json.writeStartObject();
            json.writeStringField("repository", repository);
            json.writeObjectFieldStart("tags");
            for (Map.Entry<String, Digest> tag : tags.entrySet()) {
                json.writeStringField(tag.getKey(), tag.getValue().toString());
            }
            json.writeEndObject();
            json.writeStringField("api", api);
            if (!restoreIds.isEmpty()) {
                json.writeObjectFieldStart("restore_ids");
                for (Map.Entry<Digest, String> id : restoreIds.entrySet()) {
                    json.writeStringField(id.getKey().toString(), id.getValue());
                }
                json.writeEndObject();
            }
            json.writeArrayFieldStart("manifests");
            inRepository = true;
        }

        public void manifest(Manifest manifest) throws IOException {
            json.writeStartObject();
            json.writeStringField("digest", manifest.digest().toString());
            json.writeStringField("mediaType", manifest.mediaType());
            json.writeStringField("bytes", Base64.getEncoder().encodeToString(manifest.bytes()));
            json.writeEndObject();
        }

        private void endRepository() throws IOException {
            if (inRepository) {
                json.writeEndArray();
                json.writeEndObject();
                inRepository = false;
            }
        }
    }

    /**
     * Reads a journal, one repository's entry at a time (a journal of 50,000 manifests is never one tree); a file that
     * is not one is an error naming the file and what is wrong.
     */
    public static Journal read(Path file) {
        try (JsonParser parser = MAPPER.getFactory().createParser(Files.newInputStream(file))) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw notAJournal(file);
            }
            String format = null;
            String written = null;
            List<Entry> entries = new ArrayList<>();
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                switch (field) {
                    case "format" -> format = parser.getValueAsString();
                    case "written" -> written = parser.getValueAsString();
                    case "repositories" -> {
                        if (!FORMAT.equals(format)) {
                            throw notAJournal(file);
                        }
                        if (value != JsonToken.START_ARRAY) {
                            throw new IllegalArgumentException(file + ": damaged reaper journal: no repositories");
                        }
                        while (parser.nextToken() == JsonToken.START_OBJECT) {
                            entries.add(entry(file, parser.readValueAsTree()));
                        }
                    }
                    default -> parser.skipChildren();
                }
            }
            if (!FORMAT.equals(format)) {
                throw notAJournal(file);
            }
            try {
                return new Journal(Instant.parse(String.valueOf(written)), entries);
            } catch (RuntimeException e) {
                throw new IllegalArgumentException(file + ": damaged reaper journal: " + e.getMessage());
            }
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(file + ": no such journal");
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": not a reaper journal (not JSON: " + e.getMessage() + ")");
        }
    }

    private static IllegalArgumentException notAJournal(Path file) {
        return new IllegalArgumentException(file + ": not a reaper journal (no \"format\": \"" + FORMAT + "\")");
    }

    private static Entry entry(Path file, JsonNode node) {
        try {
            Map<String, Digest> tags = new LinkedHashMap<>();
            node.path("tags")
                    .fields()
                    .forEachRemaining(
                            e -> tags.put(e.getKey(), Digest.parse(e.getValue().asText())));
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
            return new Entry(
                    node.path("repository").asText(),
                    tags,
                    manifests,
                    node.path("api").asText("oci"),
                    restoreIds);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(file + ": damaged reaper journal: " + e.getMessage());
        }
    }
}
