package dev.dockertag.registry.image;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * The parts of an image configuration blob this project reads: what a runtime needs to run the image (env, user, cmd,
 * entrypoint, working dir), its labels and when it was built.
 * https://github.com/opencontainers/image-spec/blob/main/config.md
 *
 * <pre>{@code {"created": "2026-11-01T10:00:00Z", "architecture": "amd64", "os": "linux",
 *  "config": {"Env": ["PATH=/usr/bin"], "User": "1000", "Cmd": ["sh"], "Labels": {"a": "b"}},
 *  "rootfs": {...}, "history": [...]}}</pre>
 */
public record ImageConfig(
        @JsonProperty("created") String created,
        @JsonProperty("architecture") String architecture,
        @JsonProperty("os") String os,
        @JsonProperty("variant") String variant,
        @JsonProperty("config") Runtime config) {

    /** The {@code config} object: defaults for a container run from the image. */
    public record Runtime(
            @JsonProperty("Env") List<String> env,
            @JsonProperty("User") String user,
            @JsonProperty("Cmd") List<String> cmd,
            @JsonProperty("Entrypoint") List<String> entrypoint,
            @JsonProperty("WorkingDir") String workingDir,
            @JsonProperty("Labels") Map<String, String> labels) {}

    /** Parses a config blob (lenient: builders add their own fields). */
    public static ImageConfig parse(byte[] bytes) {
        return Json.read(bytes, ImageConfig.class, "image config");
    }

    public Runtime runtime() {
        return config == null ? new Runtime(null, null, null, null, null, null) : config;
    }

    public Map<String, String> labelsOrEmpty() {
        return runtime().labels() == null ? Map.of() : runtime().labels();
    }
}
