package dev.dockertag.pipelinegen.init;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dockertag.pipelinegen.Cli;
import dev.dockertag.pipelinegen.Examples;
import dev.dockertag.pipelinegen.config.BuildChain;
import dev.dockertag.pipelinegen.config.ConfigLoader;
import dev.dockertag.pipelinegen.config.GenConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code init} on fixture trees of each layout our users come from. */
class InitTest {

    @TempDir
    Path repo;

    private List<RepoScanner.Found> scan() {
        return new RepoScanner(repo).scan();
    }

    private static RepoScanner.Found found(String name, String context, String dockerfile, List<String> from) {
        return new RepoScanner.Found(name, context, dockerfile, from, "");
    }

    private static List<RepoScanner.Found> withoutNotes(List<RepoScanner.Found> images) {
        return images.stream()
                .map(f -> found(f.name(), f.context(), f.dockerfile(), f.from()))
                .toList();
    }

    @Test
    void everyDirectoryWithADockerfileIsAnImageAndFromLinesGiveDependencies() {
        Examples.write(repo.resolve("ci/images/base/Dockerfile"), "FROM debian:12\n");
        Examples.write(
                repo.resolve("ci/images/builder/Dockerfile"),
                "ARG BASE=registry.example.com/acme/base:main-latest\nFROM ${BASE}\n");
        Examples.write(repo.resolve("node_modules/x/Dockerfile"), "FROM scratch\n");

        assertThat(withoutNotes(scan()))
                .containsExactly(
                        found("base", "ci/images/base", "Dockerfile", List.of()),
                        found("builder", "ci/images/builder", "Dockerfile", List.of("base")));
    }

    @Test
    void dockerfileSuffixesNameImagesAfterTheRepository() {
        Path app = repo.resolve("My App");
        Examples.write(app.resolve("Dockerfile"), "FROM alpine\n");
        Examples.write(app.resolve("Dockerfile_dev"), "FROM my-app\n");

        assertThat(withoutNotes(new RepoScanner(app).scan()))
                .containsExactly(
                        found("my-app", ".", "Dockerfile", List.of()),
                        found("my-app_dev", ".", "Dockerfile_dev", List.of("my-app")));
    }

    @Test
    void contextsTreeIsOrderedByTheNumberNotTheText() {
        Examples.write(repo.resolve("contexts/10-app/Dockerfile"), "ARG REGISTRY\nFROM ${REGISTRY}/tools:1.2.0\n");
        Examples.write(repo.resolve("contexts/2-tools/Dockerfile"), "ARG REGISTRY\nFROM ${REGISTRY}/base:1.0.0\n");
        Examples.write(repo.resolve("contexts/01-base/Dockerfile"), "FROM debian:12\n");
        Examples.write(repo.resolve("contexts/01-base/info.edn"), "{:version \"1.0.0\"}\n");

        List<RepoScanner.Found> images = scan();

        assertThat(images).extracting(RepoScanner.Found::name).containsExactly("base", "tools", "app");
        assertThat(images.get(1).note()).isEqualTo("contexts/ tree, build order 2");
    }

    @Test
    void imagesJsonBuildChainKeepsDockerfileImagesInListedOrder() {
        Examples.write(repo.resolve(".docker/IMAGES.json"), """
                {"images": [
                  {"tag": "corpusops/postgis:10", "dockerfile": "docker/Dockerfile.postgis", "builder_type": "dockerfile"},
                  {"tag": "corpusops/setups.base", "file": ".docker/packer/base.json"},
                  {"tag": "corpusops/postgis-tools:10", "name": "postgis-tools", "dockerfile": "docker/Dockerfile.tools"}
                ]}
                """);
        Examples.write(repo.resolve("docker/Dockerfile.postgis"), "FROM postgres:10\n");
        Examples.write(repo.resolve("docker/Dockerfile.tools"), "FROM corpusops/postgis:10\n");

        assertThat(withoutNotes(scan()))
                .containsExactly(
                        found("postgis", "docker", "Dockerfile.postgis", List.of()),
                        found("postgis-tools", "docker", "Dockerfile.tools", List.of("postgis")));
    }

    @Test
    void theWrittenConfigOfTheExampleLoadsAndRendersWithTheParentPassedIn() throws IOException {
        Examples.copyBanana(repo);
        Files.delete(repo.resolve("pipeline-gen.yml"));
        // init names images after their directories: base, builder
        Examples.write(
                repo.resolve("ci/images/builder/Dockerfile"),
                "ARG BANANA_BASE_IMAGE=registry.example.com/acme/base:master-latest\nFROM ${BANANA_BASE_IMAGE}\n");

        Cli result = Cli.run("init", "--dir", repo.toString());

        assertThat(result.exitCode()).as(result.stderr()).isZero();
        assertThat(result.stderr())
                .isEqualTo(
                        "wrote " + repo.resolve("pipeline-gen.yml") + " with 2 images; fill in the change-me values\n");
        GenConfig config = ConfigLoader.load(repo.resolve("pipeline-gen.yml"));
        assertThat(config.images()).extracting(GenConfig.Image::name).containsExactly("base", "builder");
        BuildChain chain = BuildChain.resolve(config);
        assertThat(chain.link("builder").parents())
                .containsExactly(new BuildChain.Parent("base", Optional.of("BANANA_BASE_IMAGE")));
        assertThat(Cli.run("render", "-c", repo.resolve("pipeline-gen.yml").toString(), "-b", "main")
                        .exitCode())
                .isZero();
    }

    @Test
    void anExistingConfigIsNotOverwrittenWithoutForce() throws IOException {
        Examples.copyBanana(repo);
        String before = Files.readString(repo.resolve("pipeline-gen.yml"));

        Cli refused = Cli.run("init", "--dir", repo.toString());

        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.stderr())
                .isEqualTo("error: " + repo.resolve("pipeline-gen.yml") + " already exists\n"
                        + "hint: pass --force to overwrite it, or -o - to print\n");
        assertThat(Files.readString(repo.resolve("pipeline-gen.yml"))).isEqualTo(before);
        assertThat(Cli.run("init", "--dir", repo.toString(), "-o", "-").stdout())
                .contains("  - name: builder");
    }
}
