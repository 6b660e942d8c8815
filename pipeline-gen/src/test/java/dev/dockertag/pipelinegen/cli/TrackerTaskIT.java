package dev.dockertag.pipelinegen.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dockertag.pipelinegen.Examples;
import dev.dockertag.testsupport.Commands;
import dev.dockertag.tool.config.Yaml;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tracker's render task run for real, as a Concourse worker runs it: its script from the rendered tracker, in a
 * directory holding the task's inputs ({@code config}: the repository; {@code branches}: what the branch-listing
 * resource's get wrote), with pipeline-gen on PATH; then what load_var and set_pipeline would read is checked.
 */
class TrackerTaskIT {

    private static final Path LAUNCHER =
            Path.of("..", "bin", "pipeline-gen").toAbsolutePath().normalize();

    @TempDir
    Path temp;

    private Commands.Result runRenderTask(String extraConfig, String branchesJson) throws IOException {
        Path config = Examples.bananaWith(temp.resolve("repo"), extraConfig);
        Commands.Result tracker = pipelineGen(temp, "tracker", "-c", config.toString());
        assertThat(tracker.exitCode()).as(tracker.stderr()).isZero();
        JsonNode render = Yaml.parse("tracker", tracker.stdout()).at("/jobs/0/plan/1/config/run");
        assertThat(render.path("path").asText()).isEqualTo("sh");

        Path work = Files.createDirectories(temp.resolve("build"));
        Examples.copyBanana(work.resolve("config"));
        Files.writeString(work.resolve("config/pipeline-gen.yml"), Files.readString(config));
        Files.createDirectories(work.resolve("rendered"));
        Examples.write(work.resolve("branches/branches.json"), branchesJson);
        return Commands.run(
                List.of(
                        "sh",
                        render.at("/args/0").asText(),
                        render.at("/args/1").asText()),
                work,
                environment());
    }

    @Test
    void theGitResourcesBranchListBecomesTheNamesLessTheExcludedOnes() throws IOException {
        Commands.Result task = runRenderTask(
                "tracker: {exclude: ['dependabot/**', 'wip-*']}\n",
                "[\"master\",\"feat/x\",\"dependabot/npm/lodash-4\",\"wip-spike\",\"team/wip-keep\"]");

        assertThat(task.exitCode()).as(task.stderr()).isZero();
        Path rendered = temp.resolve("build/rendered");
        assertThat(Files.readString(rendered.resolve("branches.json")))
                .isEqualTo("[\"feat/x\",\"master\",\"team/wip-keep\"]\n");
        assertThat(Files.readString(rendered.resolve("branch-pipeline.yml")))
                .isEqualTo(Files.readString(Path.of("src/test/resources/golden/banana-branch-pipeline.yml")));
        assertThat(task.stderr()).contains("3 branches written to rendered/branches.json");
    }

    @Test
    void gitBranchesResourceObjectsBecomeNamesToo() throws IOException {
        Commands.Result task = runRenderTask(
                "concourse: 7\n",
                "[{\"name\":\"master\",\"groups\":{}},{\"name\":\"feat/y\",\"groups\":{\"issue\":\"y\"}}]");

        assertThat(task.exitCode()).as(task.stderr()).isZero();
        assertThat(Files.readString(temp.resolve("build/rendered/branches.json")))
                .isEqualTo("[\"feat/y\",\"master\"]\n");
    }

    @Test
    void aBranchFileOfAnotherShapeFailsTheTaskNamingIt() throws IOException {
        Commands.Result task = runRenderTask("", "{\"branches\": \"master\"}");

        assertThat(task.exitCode()).isEqualTo(1);
        assertThat(task.stderr())
                .contains("error: branches/branches.json: expected a JSON list of branches, not object");
    }

    private Map<String, String> environment() throws IOException {
        Path bin = Files.createDirectories(temp.resolve("bin"));
        Path wrapper = bin.resolve("pipeline-gen");
        Files.writeString(wrapper, "#!/bin/sh\nexec " + LAUNCHER + " \"$@\"\n");
        Files.setPosixFilePermissions(wrapper, PosixFilePermissions.fromString("rwxr-xr-x"));
        return Map.of("JAVA_HOME", System.getProperty("java.home"), "PATH", bin + ":/usr/bin:/bin");
    }

    private Commands.Result pipelineGen(Path dir, String... args) throws IOException {
        return Commands.run(
                Stream.concat(Stream.of(LAUNCHER.toString()), Stream.of(args)).toList(), dir, environment());
    }
}
