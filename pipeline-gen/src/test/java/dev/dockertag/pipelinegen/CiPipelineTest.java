package dev.dockertag.pipelinegen;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * This project's own pipeline (ci/pipeline.yml) is what pipeline-gen makes of the repository's pipeline-gen.yml, byte
 * for byte, and valid: it builds the ci-jdk image the tests run in and the resource image from the Dockerfile, and runs
 * .ci/run in the former.
 */
class CiPipelineTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    @Test
    void ciPipelineIsTheRenderingOfThisRepositorysConfig() throws IOException {
        Cli result =
                Cli.run("render", "--config", ROOT.resolve("pipeline-gen.yml").toString(), "--branch", "main");

        assertThat(result.exitCode()).as(result.stderr()).isZero();
        assertThat(result.stdout())
                .as("ci/pipeline.yml is stale: run bin/pipeline-gen render -o ci/pipeline.yml")
                .isEqualTo(Files.readString(ROOT.resolve("ci/pipeline.yml")));
        RenderGoldenTest.assertValid(result.stdout());
        assertThat(result.stdout())
                .contains(
                        "  - name: build-ci-jdk\n",
                        "  - name: build-resource-docker-tag\n",
                        "  - name: test\n",
                        "repository: registry.example.com/dockertag/resource-docker-tag\n");
    }
}
