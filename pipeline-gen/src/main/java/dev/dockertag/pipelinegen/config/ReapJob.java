package dev.dockertag.pipelinegen.config;

import dev.dockertag.tool.config.EnvironmentReferences;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The contract between the tracker's reap job and the {@code reaper.yml} it runs: the environment variables the job
 * sets (each from a key of pipeline-gen.yml), and a check that the reaper config reads no other, so that a
 * {@code ${REG_PASSWORD}} fails when the tracker is rendered instead of when the job first runs.
 */
public final class ReapJob {

    private ReapJob() {}

    /** One variable the job sets: its name, its value (a ((var))) and the key it comes from. */
    public record Variable(String name, String value, String key) {}

    /** The variables the reap job sets, in order. */
    public static List<Variable> environment(GenConfig config) {
        List<Variable> env = new ArrayList<>();
        config.registry().username().ifPresent(v -> env.add(new Variable("REGISTRY_USERNAME", v, "registry.username")));
        config.registry().password().ifPresent(v -> env.add(new Variable("REGISTRY_PASSWORD", v, "registry.password")));
        config.git().username().ifPresent(v -> env.add(new Variable("GIT_USERNAME", v, "git.username")));
        config.git().password().ifPresent(v -> env.add(new Variable("GIT_PASSWORD", v, "git.password")));
        config.git().privateKey().ifPresent(v -> env.add(new Variable("GIT_PRIVATE_KEY", v, "git.private_key")));
        return env;
    }

    /** The same as the task's {@code params}. */
    public static Map<String, Object> params(GenConfig config) {
        Map<String, Object> params = new LinkedHashMap<>();
        environment(config).forEach(v -> params.put(v.name(), v.value()));
        return params;
    }

    /**
     * What is wrong with {@code tracker.reaper_config} against the job: each variable it reads that the job does not
     * set, in one message naming what the job does set and from which key. Empty when it reads only those (or there is
     * no reaper config, or it cannot be read: the loader says so).
     */
    static Optional<String> unsetVariables(GenConfig config, Path repoRoot) {
        Optional<String> file = config.tracker().reaperConfig();
        if (file.isEmpty()) {
            return Optional.empty();
        }
        String text;
        try {
            text = Files.readString(repoRoot.resolve(file.get()));
        } catch (IOException e) {
            return Optional.empty();
        }
        Set<String> read = new LinkedHashSet<>(EnvironmentReferences.names(text));
        List<Variable> set = environment(config);
        read.removeIf(name -> set.stream().anyMatch(v -> v.name().equals(name)));
        if (read.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(file.get() + " reads "
                + String.join(", ", read.stream().map(n -> "${" + n + "}").toList())
                + ", which the reap job does not set; it sets "
                + (set.isEmpty()
                        ? "none (give registry.username and registry.password here for the registry)"
                        : String.join(
                                ", ",
                                set.stream()
                                        .map(v -> v.name() + " (from " + v.key() + ")")
                                        .toList())));
    }
}
