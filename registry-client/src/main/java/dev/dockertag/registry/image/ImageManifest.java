package dev.dockertag.registry.image;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * An OCI image manifest or Docker v2 schema 2 manifest (same shape).
 * https://github.com/opencontainers/image-spec/blob/main/manifest.md
 *
 * <pre>{@code {"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json",
 *  "config": {...descriptor...}, "layers": [{...}, ...], "annotations": {...}}}</pre>
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record ImageManifest(
        @JsonProperty("schemaVersion") int schemaVersion,
        @JsonProperty("mediaType") String mediaType,
        @JsonProperty("artifactType") String artifactType,
        @JsonProperty("config") Descriptor config,
        @JsonProperty("layers") List<Descriptor> layers,
        @JsonProperty("subject") Descriptor subject,
        @JsonProperty("annotations") Map<String, String> annotations) {

    public List<Descriptor> layersOrEmpty() {
        return layers == null ? List.of() : layers;
    }

    public Map<String, String> annotationsOrEmpty() {
        return annotations == null ? Map.of() : annotations;
    }

    public ImageManifest withAnnotations(Map<String, String> newAnnotations) {
        return new ImageManifest(schemaVersion, mediaType, artifactType, config, layers, subject, newAnnotations);
    }
}
