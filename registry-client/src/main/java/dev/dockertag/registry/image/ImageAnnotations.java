package dev.dockertag.registry.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The annotations {@code out} writes on the manifest (or index) it pushes, so that {@code in} and the reaper can tell
 * which commit and branch an image came from without guessing from tag names.
 */
public final class ImageAnnotations {

    /** The OCI pre-defined key for the source revision (the git commit). */
    public static final String REVISION = "org.opencontainers.image.revision";
    /** The git branch the image was built from, as given (not the tag slug). */
    public static final String BRANCH = "dev.dockertag.branch";

    private ImageAnnotations() {}

    public static Optional<String> revision(Map<String, String> annotations) {
        return nonBlank(annotations.get(REVISION));
    }

    public static Optional<String> branch(Map<String, String> annotations) {
        return nonBlank(annotations.get(BRANCH));
    }

    /**
     * The manifest (or index) with these annotations set, everything else in it kept as it was. The same manifest when
     * they are already set, so pushing the same image twice keeps its digest. Changing annotations changes the digest,
     * never the config or layers.
     */
    public static Manifest annotate(Manifest manifest, Map<String, String> annotations) {
        try {
            JsonNode tree = Json.MAPPER.readTree(manifest.bytes());
            if (!(tree instanceof ObjectNode node)) {
                throw new IllegalArgumentException("manifest " + manifest.digest() + " is not a JSON object");
            }
            JsonNode existing = node.get("annotations");
            ObjectNode target = existing instanceof ObjectNode o ? o : null;
            boolean unchanged = target != null
                    && annotations.entrySet().stream()
                            .allMatch(
                                    e -> Objects.equals(target.path(e.getKey()).textValue(), e.getValue()));
            if (unchanged || annotations.isEmpty()) {
                return manifest;
            }
            ObjectNode into = target != null ? target : node.putObject("annotations");
            annotations.forEach(into::put);
            return Manifest.of(Json.MAPPER.writeValueAsBytes(node), manifest.mediaType());
        } catch (IOException e) {
            throw new IllegalArgumentException("malformed manifest " + manifest.digest() + ": " + e.getMessage(), e);
        }
    }

    private static Optional<String> nonBlank(String value) {
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value);
    }
}
