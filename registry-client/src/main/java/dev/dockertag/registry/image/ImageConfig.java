package dev.dockertag.registry.image;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * The parts of an image configuration this project reads (what a runtime needs to run a process in it).
 * https://github.com/opencontainers/image-spec/blob/main/config.md
 *
 * <pre>{@code {"architecture": "amd64", "os": "linux", "created": "2026-01-01T00:00:00Z",
 *  "config": {"User": "app", "Env": ["PATH=/usr/bin"], "Entrypoint": ["/bin/sh"], "Cmd": [],
 *             "WorkingDir": "/", "Labels": {...}},
 *  "rootfs": {"type": "layers", "diff_ids": ["sha256:..."]}}}</pre>
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record ImageConfig(
        @JsonProperty("architecture") String architecture,
        @JsonProperty("os") String os,
        @JsonProperty("variant") String variant,
        @JsonProperty("created") String created,
        @JsonProperty("config") RuntimeConfig config,
        @JsonProperty("rootfs") RootFs rootfs) {

    /** The {@code config} object: how to run a process in the image. */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record RuntimeConfig(
            @JsonProperty("User") String user,
            @JsonProperty("Env") List<String> env,
            @JsonProperty("Entrypoint") List<String> entrypoint,
            @JsonProperty("Cmd") List<String> cmd,
            @JsonProperty("WorkingDir") String workingDir,
            @JsonProperty("Labels") Map<String, String> labels) {
    }

    /** The {@code rootfs} object: uncompressed layer digests, in order. */
    public record RootFs(@JsonProperty("type") String type, @JsonProperty("diff_ids") List<String> diffIds) {
    }

    public Platform platform() {
        return Platform.of(os, architecture, variant);
    }
}
