package dev.dockertag.reaper.pipelines;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dockertag.failures.HintedException;
import dev.dockertag.reaper.config.ReaperConfig.Pipelines;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * {@code pipelines:}: destroys the instanced pipelines ({@code <name>/branch:<branch>}, as pipeline-gen sets them)
 * whose branch is gone. Reads the instances with {@code fly pipelines --json}; a pipeline that is not an instance of
 * {@code name}, or has no {@code branch} instance var, is never touched.
 */
public final class PipelineCleaner {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Pipelines config;
    private final Path fly;

    private PipelineCleaner(Pipelines config, Path fly) {
        this.config = config;
        this.fly = fly;
    }

    /** fly from {@code $FLY}, else the first {@code fly} on {@code PATH}. */
    public static PipelineCleaner of(Pipelines config, Map<String, String> environment) {
        Optional<Path> fly = Optional.ofNullable(environment.get("FLY"))
                .map(Path::of)
                .or(() -> List.of(environment.getOrDefault("PATH", "").split(File.pathSeparator)).stream()
                        .filter(d -> !d.isEmpty())
                        .map(d -> Path.of(d, "fly"))
                        .filter(Files::isExecutable)
                        .findFirst());
        if (fly.isEmpty() || !Files.isExecutable(fly.get())) {
            throw new HintedException(
                    "pipelines: fly not found (on PATH or in $FLY)",
                    "install fly in the reaper's image, or remove pipelines: from the config");
        }
        return new PipelineCleaner(config, fly.get());
    }

    /** Destroys the pipelines of branches not in {@code liveBranches}; returns the destroyed pipelines' names. */
    public List<String> destroyVanished(Collection<String> liveBranches, Consumer<String> log) {
        JsonNode pipelines;
        try {
            pipelines = JSON.readTree(run(List.of("-t", config.flyTarget(), "pipelines", "--json")));
        } catch (IOException e) {
            throw new HintedException("pipelines: fly pipelines --json did not print JSON: " + e.getMessage(), null);
        }
        List<String> destroyed = new ArrayList<>();
        for (JsonNode pipeline : pipelines) {
            String branch = pipeline.path("instance_vars").path("branch").asText("");
            if (!pipeline.path("name").asText().equals(config.name())
                    || branch.isEmpty()
                    || liveBranches.contains(branch)) {
                continue;
            }
            String instance = config.name() + "/branch:" + branch;
            run(List.of("-t", config.flyTarget(), "destroy-pipeline", "-p", instance, "--non-interactive"));
            log.accept("destroyed pipeline " + instance + " (branch gone)");
            destroyed.add(instance);
        }
        return destroyed;
    }

    private String run(List<String> args) {
        List<String> command = new ArrayList<>(List.of(fly.toString()));
        command.addAll(args);
        try {
            Process process = new ProcessBuilder(command)
                    .redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start();
            process.getOutputStream().close();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int exit = process.waitFor();
            if (exit != 0) {
                throw new HintedException(
                        "pipelines: fly " + String.join(" ", args) + " exited with " + exit,
                        "log in first: fly -t " + config.flyTarget() + " login");
            }
            return out;
        } catch (IOException e) {
            throw new HintedException("pipelines: cannot run " + fly + ": " + e.getMessage(), null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HintedException("pipelines: interrupted while fly ran", null);
        }
    }
}
