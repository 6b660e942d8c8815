package dev.dockertag.reaper.pipelines;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dockertag.failures.HintedException;
import dev.dockertag.reaper.config.ReaperConfig.Pipelines;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pipelines of gone branches, through a fake {@code fly} that records its arguments. */
class PipelineCleanerTest {

    @TempDir
    Path dir;

    private Path fly(String pipelinesJson, int destroyExit) throws IOException {
        Path fly = dir.resolve("fly");
        Files.writeString(fly, """
                #!/bin/sh
                echo "$@" >> "%s"
                case "$*" in
                  *"pipelines --json"*) echo '%s' ;;
                  *destroy-pipeline*) exit %d ;;
                esac
                """.formatted(dir.resolve("fly.log"), pipelinesJson, destroyExit));
        Files.setPosixFilePermissions(fly, PosixFilePermissions.fromString("rwxr-xr-x"));
        return fly;
    }

    @Test
    void destroysOnlyInstancesOfTheNamedPipelineWhoseBranchIsGone() throws IOException {
        Path fly = fly(
                "[{\"name\":\"banana\",\"instance_vars\":{\"branch\":\"feat/gone\"}},"
                        + "{\"name\":\"banana\",\"instance_vars\":{\"branch\":\"master\"}},"
                        + "{\"name\":\"apple\",\"instance_vars\":{\"branch\":\"feat/gone\"}},{\"name\":\"banana\"}]",
                0);
        List<String> log = new ArrayList<>();

        List<String> destroyed = PipelineCleaner.of(new Pipelines("vm", "banana"), Map.of("FLY", fly.toString()))
                .destroyVanished(List.of("master"), log::add);

        assertThat(destroyed).containsExactly("banana/branch:feat/gone");
        assertThat(Files.readAllLines(dir.resolve("fly.log")))
                .containsExactly(
                        "-t vm pipelines --json",
                        "-t vm destroy-pipeline -p banana/branch:feat/gone --non-interactive");
        assertThat(log).containsExactly("destroyed pipeline banana/branch:feat/gone (branch gone)");
    }

    @Test
    void aMissingFlyIsAnErrorWithAHint() {
        assertThatThrownBy(() -> PipelineCleaner.of(new Pipelines("vm", "banana"), Map.of("PATH", dir.toString())))
                .isInstanceOf(HintedException.class)
                .hasMessage("pipelines: fly not found (on PATH or in $FLY)")
                .satisfies(e -> assertThat(((HintedException) e).hint())
                        .hasValue("install fly in the reaper's image, or remove pipelines: from the config"));
    }

    @Test
    void aFailingFlyStopsWithTheCommandThatFailed() throws IOException {
        Path fly = fly("[{\"name\":\"banana\",\"instance_vars\":{\"branch\":\"feat/gone\"}}]", 1);

        assertThatThrownBy(() -> PipelineCleaner.of(new Pipelines("vm", "banana"), Map.of("FLY", fly.toString()))
                        .destroyVanished(List.of("master"), line -> {}))
                .hasMessage("pipelines: fly -t vm destroy-pipeline -p banana/branch:feat/gone --non-interactive"
                        + " exited with 1");
    }

    @Test
    void flyPrintingSomethingElseThanJsonIsAnError() throws IOException {
        Path fly = fly("not logged in", 0);

        assertThatThrownBy(() -> PipelineCleaner.of(new Pipelines("vm", "banana"), Map.of("FLY", fly.toString()))
                        .destroyVanished(List.of("master"), line -> {}))
                .hasMessageStartingWith("pipelines: fly pipelines --json did not print JSON: ");
    }
}
