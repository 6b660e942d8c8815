package dev.dockertag.resource.check;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.type.TypeReference;
import dev.dockertag.registry.image.Digest;
import dev.dockertag.registry.image.Json;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What regex mode with {@code sort: created} learnt about tags in earlier checks of the same container: {@code tag ->
 * (digest, created)}. Release tags do not move, so a tag seen before and older than the cursor is not inspected again.
 * A lost or unreadable file only costs requests, and so does an entry that does not hold a digest and an instant: it is
 * dropped here (and from the file at the next save), never handed to the checker.
 */
final class CreatedTimes {

    @RegisterForReflection
    record Seen(
            @JsonProperty("digest") String digest,
            @JsonProperty("created") String created) {}

    private final Path file;
    private final Map<String, Seen> byTag = new TreeMap<>();

    CreatedTimes(Path file) {
        this.file = file;
        try {
            if (Files.isRegularFile(file)) {
                Map<String, Seen> read =
                        Json.MAPPER.readValue(file.toFile(), new TypeReference<Map<String, Seen>>() {});
                read.forEach((tag, seen) -> {
                    if (tag != null && valid(seen)) {
                        byTag.put(tag, seen);
                    }
                });
            }
        } catch (IOException | RuntimeException e) {
            byTag.clear();
        }
    }

    private static boolean valid(Seen seen) {
        if (seen == null || seen.digest() == null || !Digest.isDigest(seen.digest()) || seen.created() == null) {
            return false;
        }
        try {
            Instant.parse(seen.created());
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    Optional<Seen> get(String tag) {
        return Optional.ofNullable(byTag.get(tag));
    }

    void put(String tag, Seen seen) {
        byTag.put(tag, seen);
    }

    void retainOnly(Collection<String> tags) {
        byTag.keySet().retainAll(tags);
    }

    void save() {
        try {
            Files.createDirectories(file.getParent());
            Path temp = Files.createTempFile(file.getParent(), ".created-", ".tmp");
            Files.write(temp, Json.write(byTag));
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException e) {
            // an optimisation only
        }
    }
}
