package dev.dockertag.registry.image;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * An OCI image index or Docker manifest list (same shape); also the {@code index.json} of an OCI layout.
 * https://github.com/opencontainers/image-spec/blob/main/image-index.md
 *
 * <pre>{@code {"schemaVersion": 2, "mediaType": "application/vnd.oci.image.index.v1+json",
 *  "manifests": [{"mediaType": "...manifest.v1+json", "digest": "sha256:...", "size": 7143,
 *                 "platform": {"architecture": "arm64", "os": "linux"}}]}}</pre>
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record ImageIndex(
        @JsonProperty("schemaVersion") int schemaVersion,
        @JsonProperty("mediaType") String mediaType,
        @JsonProperty("artifactType") String artifactType,
        @JsonProperty("manifests") List<Descriptor> manifests,
        @JsonProperty("subject") Descriptor subject,
        @JsonProperty("annotations") Map<String, String> annotations) {

    public static ImageIndex of(String mediaType, List<Descriptor> manifests) {
        return new ImageIndex(2, mediaType, null, manifests, null, null);
    }

    public List<Descriptor> manifestsOrEmpty() {
        return manifests == null ? List.of() : manifests;
    }

    public Map<String, String> annotationsOrEmpty() {
        return annotations == null ? Map.of() : annotations;
    }

    public ImageIndex withAnnotations(Map<String, String> newAnnotations) {
        return new ImageIndex(schemaVersion, mediaType, artifactType, manifests, subject, newAnnotations);
    }
}
