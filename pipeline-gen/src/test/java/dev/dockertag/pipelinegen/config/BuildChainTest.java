package dev.dockertag.pipelinegen.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dockertag.pipelinegen.Examples;
import dev.dockertag.pipelinegen.dockerfile.Dockerfile;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BuildChainTest {

    private static final String HEAD = Examples.CONFIG_HEAD;

    @TempDir
    Path repo;

    @Test
    void theExampleBuildsBaseFirstAndPassesItThroughItsBuildArgument() {
        BuildChain chain =
                BuildChain.resolve(ConfigLoader.load(Examples.banana().resolve("pipeline-gen.yml")));

        assertThat(chain.links()).extracting(BuildChain.Link::name).containsExactly("banana-base", "banana-builder");
        BuildChain.Link builder = chain.link("banana-builder");
        assertThat(builder.parents())
                .containsExactly(new BuildChain.Parent("banana-base", Optional.of("BANANA_BASE_IMAGE")));
        assertThat(builder.lineage()).containsExactly("banana-base", "banana-builder");
        assertThat(builder.paths()).containsExactly("ci/images/builder/", "ci/images/base/");
        assertThat(chain.warnings()).isEmpty();
    }

    @Test
    void buildOrderFollowsDependenciesNotTheListOrder() {
        Examples.copyBanana(repo);
        Examples.write(repo.resolve("pipeline-gen.yml"), HEAD + """
                images:
                  - {name: banana-builder, context: ci/images/builder}
                  - {name: banana-base, context: ci/images/base}
                """);

        BuildChain chain = BuildChain.resolve(ConfigLoader.load(repo.resolve("pipeline-gen.yml")));

        assertThat(chain.links()).extracting(BuildChain.Link::name).containsExactly("banana-base", "banana-builder");
    }

    @Test
    void aParentNamedByTagIsADependencyWithAWarningAndAHint() {
        Examples.copyBanana(repo);
        Examples.write(
                repo.resolve("ci/images/builder/Dockerfile"),
                "FROM registry.example.com/acme/banana-base:master-latest AS base\nFROM base\nCOPY bin/ /bin/\n");

        BuildChain chain = BuildChain.resolve(ConfigLoader.load(repo.resolve("pipeline-gen.yml")));

        assertThat(chain.link("banana-builder").parents())
                .containsExactly(new BuildChain.Parent("banana-base", Optional.empty()));
        assertThat(chain.warnings())
                .containsExactly(
                        "ci/images/builder/Dockerfile:1: FROM"
                                + " registry.example.com/acme/banana-base:master-latest names image 'banana-base' by tag, so the build"
                                + " pulls that tag instead of the image this pipeline just built; hint: ARG BANANA_BASE_IMAGE="
                                + "registry.example.com/acme/banana-base:master-latest before the first FROM, then FROM ${BANANA_BASE_IMAGE}");
    }

    @Test
    void fromInTheConfigUsesTheDockerfilesOnlyOpenBuildArgument() {
        Examples.copyBanana(repo);
        Examples.write(repo.resolve("ci/images/builder/Dockerfile"), "ARG BASE\nFROM $BASE\n");
        Examples.write(repo.resolve("pipeline-gen.yml"), HEAD + """
                images:
                  - {name: banana-base, context: ci/images/base}
                  - {name: banana-builder, context: ci/images/builder, from: banana-base}
                """);

        BuildChain chain = BuildChain.resolve(ConfigLoader.load(repo.resolve("pipeline-gen.yml")));

        assertThat(chain.link("banana-builder").parents())
                .containsExactly(new BuildChain.Parent("banana-base", Optional.of("BASE")));
    }

    @Test
    void dockerfileParsingHandlesContinuationsPlatformsStagesAndDefaults() {
        Dockerfile file = Dockerfile.parse("""
                # syntax=docker/dockerfile:1
                ARG REG=registry.example.com \\
                    BASE=${REG}/acme/base:1
                FROM --platform=$BUILDPLATFORM ${BASE} AS build
                RUN make
                FROM ${RUNTIME:-debian:12}
                COPY --from=build /out /
                FROM build
                """);

        assertThat(file.froms())
                .containsExactly(
                        new Dockerfile.From(
                                4, "${BASE}", Optional.of("${REG}/acme/base:1"), Optional.of("BASE"), false),
                        new Dockerfile.From(
                                6, "${RUNTIME:-debian:12}", Optional.of("debian:12"), Optional.of("RUNTIME"), false),
                        new Dockerfile.From(8, "build", Optional.of("build"), Optional.empty(), true));
    }
}
