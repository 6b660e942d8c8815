package dev.dockertag.pipelinegen.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dockertag.pipelinegen.Cli;
import dev.dockertag.pipelinegen.Examples;
import dev.dockertag.tool.config.ConfigException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every wrong key gets an error naming the file and the key, all of them in one run. */
class ConfigLoaderTest {

    private static final String HEAD = Examples.CONFIG_HEAD;

    @TempDir
    Path repo;

    private List<String> problems(String yaml) {
        Examples.copyBanana(repo);
        Examples.write(repo.resolve("pipeline-gen.yml"), yaml);
        try {
            ConfigLoader.load(repo.resolve("pipeline-gen.yml"));
        } catch (ConfigException e) {
            return e.problems().stream()
                    .map(p -> p.replace(repo + "/", "").replace(repo.toString(), "<repo>"))
                    .toList();
        }
        return List.of();
    }

    @Test
    void theExampleLoadsWithItsDefaults() {
        GenConfig config = ConfigLoader.load(Examples.banana().resolve("pipeline-gen.yml"));

        assertThat(config.name()).isEqualTo("banana");
        assertThat(config.mainBranch()).isEqualTo("master");
        assertThat(config.buildTaskImage()).isEqualTo("concourse/oci-build-task");
        assertThat(config.images()).extracting(GenConfig.Image::name).containsExactly("banana-base", "banana-builder");
        assertThat(config.images().get(0).dockerfile()).isEqualTo("ci/images/base/Dockerfile");
        assertThat(config.images().get(0).buildArgs()).isEqualTo(Map.of("DEBIAN_VERSION", "12"));
        assertThat(config.jobs().get(0).paths()).containsExactly("src/", "ci/tasks/");
        assertThat(config.pipelineName("feat-x")).isEqualTo("banana-feat-x");
        assertThat(config.concourse()).isEqualTo(8);
        assertThat(config.instancedByDefault()).isTrue();
        assertThat(config.tracker().source()).isEqualTo(GenConfig.TrackerSource.GIT);
        assertThat(config.checkEvery()).isEqualTo(new GenConfig.CheckEvery(Optional.empty(), Optional.of("10m")));
        assertThat(config.webhooks()).isEqualTo(GenConfig.Webhooks.NONE);
    }

    @Test
    void concourse7KeepsTheCommunityBranchListAndNamedPipelines() {
        GenConfig config = ConfigLoader.load(Examples.bananaWith(repo, "concourse: 7\nwebhooks: tracker\n"));

        assertThat(config.instancedByDefault()).isFalse();
        assertThat(config.tracker().source()).isEqualTo(GenConfig.TrackerSource.GIT_BRANCHES_RESOURCE);
        assertThat(config.checkEvery()).isEqualTo(new GenConfig.CheckEvery(Optional.of("1h"), Optional.empty()));
        assertThat(config.webhooks()).isEqualTo(GenConfig.Webhooks.TRACKER);
    }

    @Test
    void concourseTrackerAndCheckEveryValuesAreNamed() {
        assertThat(problems("""
                name: banana
                git: {uri: https://git.example.com/acme/banana.git}
                registry: {prefix: registry.example.com/acme}
                resource_type_image: registry.example.com/acme/resource-docker-tag
                images: [{name: banana-base, context: ci/images/base}]
                concourse: 6
                webhooks: sometimes
                check_every: {git: often, images: never, tags: 1m}
                tracker: {source: gitlab, branch_filters: ['feat/*'], branch_regex: '.*', exclude: ['']}
                """))
                .containsExactly(
                        "pipeline-gen.yml: concourse: must be 8 (the default) or 7, not '6'",
                        "pipeline-gen.yml: webhooks: must be true (or per_branch), tracker or false, not 'sometimes'",
                        "pipeline-gen.yml: tracker.source: must be git (the git resource's branches mode) or"
                                + " git-branches-resource, not 'gitlab'",
                        "pipeline-gen.yml: tracker.branch_filters: give branch_filters or branch_regex, not both",
                        "pipeline-gen.yml: tracker.exclude[0]: must be a non-empty string, not the string ''",
                        "pipeline-gen.yml: check_every.tags: unknown key (known keys here: git, images)",
                        "pipeline-gen.yml: check_every.git: 'often' is not a duration such as 1m, 10m or 1h (or never)");
    }

    @Test
    void unknownKeysAndMissingRequiredKeysAreNamed() {
        assertThat(problems("""
                name: banana
                colour: yellow
                registry: {prefix: registry.example.com/acme, usernme: x}
                images: [{name: banana-base, context: ci/images/base}]
                """))
                .containsExactly(
                        "pipeline-gen.yml: colour: unknown key (known keys here: build_task_image, check_every, concourse, git,"
                                + " guard_image, images, jobs, main_branch, name, registry, resource_type_image, tracker,"
                                + " webhooks)",
                        "pipeline-gen.yml: git: is required (git: {uri: ...}, the repository the pipelines follow)",
                        "pipeline-gen.yml: registry.usernme: unknown key (did you mean 'username'? known keys here: ca_certs,"
                                + " insecure, password, prefix, username)",
                        "pipeline-gen.yml: resource_type_image: is required (the repository of the resource-docker-tag image)");
    }

    @Test
    void imagesThatDoNotExistOrClashAreNamed() {
        assertThat(problems(HEAD + """
                images:
                  - {name: banana-base, context: ci/images/base}
                  - {name: banana-base, context: ci/images/nope}
                  - {name: Banana, context: ci/images/builder, dockerfile: Dockerfile.dev, from: [ghost]}
                jobs:
                  - {name: test, image: banana-builder, task: ci/tasks/missing.yml}
                """))
                .containsExactly(
                        "pipeline-gen.yml: images[1].name: 'banana-base' is already the name of images[0]",
                        "pipeline-gen.yml: images[1].context: directory 'ci/images/nope' does not exist in <repo>",
                        "pipeline-gen.yml: images[2].name: 'Banana' is not a valid repository name: lower-case letters and"
                                + " digits, separated by '.', '_' or '-'",
                        "pipeline-gen.yml: images[2].dockerfile: file 'ci/images/builder/Dockerfile.dev' does not exist",
                        "pipeline-gen.yml: images[2].from: unknown image 'ghost' (images: Banana, banana-base)",
                        "pipeline-gen.yml: jobs[0].image: unknown image 'banana-builder' (images: Banana, banana-base)",
                        "pipeline-gen.yml: jobs[0].task: file 'ci/tasks/missing.yml' does not exist in <repo>");
    }

    @Test
    void literalSecretsAndWrongTypesAreRefused() {
        assertThat(problems("""
                name: banana
                git: {uri: https://git.example.com/acme/banana.git, private_key: "-----BEGIN KEY-----"}
                registry: {prefix: registry.example.com/acme, username: ci, password: hunter2, insecure: "yes"}
                resource_type_image: registry.example.com/acme/resource-docker-tag
                webhooks: 1
                images: [{name: banana-base, context: ci/images/base, platforms: [amd64]}]
                """))
                .containsExactly(
                        "pipeline-gen.yml: git.private_key: must be a ((var)) such as ((private-key)), not a literal value:"
                                + " pipeline configs are visible to everyone who can see the pipeline",
                        "pipeline-gen.yml: registry.password: must be a ((var)) such as ((password)), not a literal value:"
                                + " pipeline configs are visible to everyone who can see the pipeline",
                        "pipeline-gen.yml: registry.password: username and password go together: give both or neither",
                        "pipeline-gen.yml: registry.insecure: must be true or false, not the string 'yes'",
                        "pipeline-gen.yml: images[0].platforms[0]: 'amd64' is not os/architecture[/variant] (e.g. linux/amd64,"
                                + " linux/arm64/v8)",
                        "pipeline-gen.yml: webhooks: must be true (or per_branch), tracker or false, not '1'");
    }

    @Test
    void generatedNamesMustNotCollide() {
        assertThat(problems(HEAD + """
                images:
                  - {name: src, context: ci/images/base}
                  - {name: banana-builder, context: ci/images/builder}
                jobs:
                  - {name: test, image: banana-builder, task: ci/tasks/test.yml}
                  - {name: build-src, image: src, task: ci/tasks/test.yml, paths: [src/]}
                """))
                .containsExactly(
                        "pipeline-gen.yml: jobs: would generate the resource 'src', which images[0].name already generates;"
                                + " rename one of them",
                        "pipeline-gen.yml: jobs[1].name: 'build-src' is the name of the job that builds images[0]; choose"
                                + " another name");
    }

    @Test
    void jobNamesMustBeConcourseIdentifiersAndUnique() {
        assertThat(problems(HEAD + """
                images:
                  - {name: banana-base, context: ci/images/base}
                jobs:
                  - {name: Test!, image: banana-base, task: ci/tasks/test.yml}
                  - {name: lint, image: banana-base, task: ci/tasks/test.yml}
                  - {name: lint, image: banana-base, task: ci/tasks/test.yml}
                """))
                .containsExactly(
                        "pipeline-gen.yml: jobs[0].name: 'Test!' is not a valid Concourse identifier: lower-case letters,"
                                + " digits, '-', '_' and '.', starting with a letter or digit",
                        "pipeline-gen.yml: jobs[2].name: 'lint' is already the name of jobs[1]");
    }

    @Test
    void trackerAndRegistryValuesAreChecked() {
        assertThat(problems("""
                name: Banana/App
                git: {uri: https://git.example.com/acme/banana.git}
                registry: {prefix: "https://registry.example.com/acme"}
                resource_type_image: registry.example.com/acme/resource-docker-tag
                images: [{name: banana-base, context: ci/images/base}]
                tracker: {branch_regex: "feat/(", reaper_config: reaper.yml, reap_interval: daily, max_in_flight: 0}
                """))
                .containsExactly(
                        "pipeline-gen.yml: name: 'Banana/App' must be lower-case letters, digits, '.', '-' or '_', starting"
                                + " with a letter or digit (pipelines are named <name>-<branch slug>)",
                        "pipeline-gen.yml: registry.prefix: 'https://registry.example.com/acme' must be host[:port]/path"
                                + " without a scheme",
                        "pipeline-gen.yml: tracker.branch_regex: 'feat/(' is not a valid regular expression: Unclosed group",
                        "pipeline-gen.yml: tracker.reaper_config: file 'reaper.yml' does not exist in <repo>",
                        "pipeline-gen.yml: tracker.reap_interval: 'daily' is not a duration such as 24h or 30m",
                        "pipeline-gen.yml: tracker.max_in_flight: must be at least 1");
    }

    @Test
    void aReaperConfigThatReadsAVariableTheReapJobDoesNotSetIsRefusedWhenRendering() {
        Examples.copyBanana(repo);
        Examples.write(repo.resolve("ci/reaper.yml"), """
                git: {uri: https://git.example.com/acme/banana.git}
                registry: {username: "${REG_USER}", password: "${REGISTRY_PASSWORD}$${literal}"}
                repositories: [registry.example.com/acme/banana-base]
                """);
        String config = """
                name: banana
                git: {uri: https://git.example.com/acme/banana.git, private_key: ((git-private-key))}
                registry: {prefix: registry.example.com/acme, username: ((registry-username)), password: ((registry-password))}
                resource_type_image: registry.example.com/acme/resource-docker-tag
                images: [{name: banana-base, context: ci/images/base}]
                tracker: {reaper_config: ci/reaper.yml}
                """;

        assertThat(problems(config))
                .containsExactly("pipeline-gen.yml: tracker.reaper_config: ci/reaper.yml reads ${REG_USER}, which the"
                        + " reap job does not set; it sets REGISTRY_USERNAME (from registry.username), REGISTRY_PASSWORD"
                        + " (from registry.password), GIT_PRIVATE_KEY (from git.private_key)");
        Examples.write(repo.resolve("ci/reaper.yml"), """
                git: {uri: https://git.example.com/acme/banana.git}
                registry: {username: "${REGISTRY_USERNAME}", password: "${REGISTRY_PASSWORD}"}
                repositories: [registry.example.com/acme/banana-base]
                """);
        assertThat(problems(config)).isEmpty();
    }

    @Test
    void valuesOfTheWrongShapeAreNamed() {
        assertThat(problems(HEAD + """
                images: {name: banana-base}
                jobs:
                  - just-a-name
                  - {name: test, image: banana-base, task: ci/tasks/test.yml, paths: [../outside], params: [x]}
                """))
                .containsExactly(
                        "pipeline-gen.yml: images: must be a list, not a mapping",
                        "pipeline-gen.yml: jobs[0]: must be a mapping (key: value), not the string 'just-a-name'",
                        "pipeline-gen.yml: jobs[1].paths[0]: '../outside' must be a path inside the repository",
                        "pipeline-gen.yml: jobs[1].params: must be a mapping of names to values, not a list");
    }

    @Test
    void badYamlNamesTheLine() {
        assertThat(problems("name: banana\nimages:\n  - name: x\n   context: y\n"))
                .singleElement()
                .asString()
                .startsWith("pipeline-gen.yml:4:")
                .contains("not valid YAML");
    }

    @Test
    void theCommandPrintsEveryProblemAsAnErrorLineAndExitsOne() {
        Examples.copyBanana(repo);
        Examples.write(repo.resolve("pipeline-gen.yml"), HEAD + "images: []\n");

        Cli result = Cli.run("render", "-c", repo.resolve("pipeline-gen.yml").toString(), "-b", "main");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.stdout()).isEmpty();
        assertThat(result.stderr())
                .isEqualTo("error: " + repo.resolve("pipeline-gen.yml") + ": images: must list at least one image\n");
    }

    @Test
    void dependencyCyclesAreNamedInOrder() {
        Examples.copyBanana(repo);
        Examples.write(
                repo.resolve("ci/images/base/Dockerfile"),
                "ARG BUILDER=registry.example.com/acme/banana-builder:master-latest\nFROM ${BUILDER}\n");
        GenConfig config = ConfigLoader.load(repo.resolve("pipeline-gen.yml"));

        assertThatThrownBy(() -> BuildChain.resolve(config))
                .isInstanceOf(ConfigException.class)
                .hasMessage("pipeline-gen.yml: images: dependency cycle: banana-base -> banana-builder -> banana-base"
                        + " (each is built FROM the next)");
    }
}
