package dev.dockertag.reaper.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dockertag.reaper.config.ReaperConfig.GcCommand;
import dev.dockertag.reaper.config.ReaperConfig.HarborGc;
import dev.dockertag.registry.ImageReference;
import dev.dockertag.tool.config.ConfigException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReaperConfigLoaderTest {

    @TempDir
    Path dir;

    private static final String MINIMAL = """
            git:
              uri: https://git.example.com/acme/banana.git
            repositories:
              - registry.example.com/acme/banana-base
            """;

    private ReaperConfig load(String yaml, Map<String, String> env) throws IOException {
        Path file = dir.resolve("reaper.yml");
        Files.writeString(file, yaml);
        return ReaperConfigLoader.load(file, env);
    }

    private List<String> problems(String yaml, Map<String, String> env) throws IOException {
        try {
            load(yaml, env);
        } catch (ConfigException e) {
            return e.problems().stream()
                    .map(p -> p.replace(dir.resolve("reaper.yml").toString(), "reaper.yml"))
                    .toList();
        }
        throw new AssertionError("no problems found");
    }

    @Test
    void aMinimalConfigGetsSafeDefaults() throws IOException {
        ReaperConfig config = load(MINIMAL, Map.of());

        assertThat(config.git().uri()).isEqualTo("https://git.example.com/acme/banana.git");
        assertThat(config.repositories())
                .extracting(Object::toString)
                .containsExactly("registry.example.com/acme/banana-base");
        assertThat(config.policy().mainBranch()).isEqualTo("main");
        assertThat(config.policy().deleteUnreachable()).isTrue();
        assertThat(config.policy().keepPerBranch()).isZero();
        assertThat(config.policy().protect()).isEmpty();
        assertThat(config.policy().minAge()).isEqualTo(Duration.ofHours(24));
        assertThat(config.policy().deleteOrphans()).isFalse();
        assertThat(config.limits()).isEqualTo(new ReaperConfig.Limits(500, 0.5));
        assertThat(config.registry().insecure()).isFalse();
        assertThat(config.gc()).isEmpty();
        assertThat(config.pipelines()).isEmpty();
    }

    @Test
    void secretsComeFromTheEnvironmentAndNeverShowInToString() throws IOException {
        ReaperConfig config =
                load(MINIMAL + """
                registry:
                  username: ci-bot
                  password: ${REGISTRY_PASSWORD}
                gc:
                  harbor: {url: https://harbor.example.com/, username: admin, password: '${HARBOR_PASSWORD}'}
                pipelines: {fly_target: vm, name: banana}
                """, Map.of("REGISTRY_PASSWORD", "s3cret-registry", "HARBOR_PASSWORD", "s3cret-harbor"));

        assertThat(config.registry().password())
                .hasValueSatisfying(s -> assertThat(s.value()).isEqualTo("s3cret-registry"));
        assertThat(config.gc()).containsInstanceOf(HarborGc.class);
        assertThat(((HarborGc) config.gc().get()).url()).isEqualTo("https://harbor.example.com");
        assertThat(config.toString()).doesNotContain("s3cret").contains("<redacted>");
        assertThat(config.pipelines()).hasValue(new ReaperConfig.Pipelines("vm", "banana"));
    }

    @Test
    void anyValueMayNameAVariableAndDollarDollarIsALiteral() throws IOException {
        ReaperConfig config =
                load("""
                git: {uri: '${GIT_URI}'}
                repositories: ['${REGISTRY}/acme/app']
                gc: {command: [sh, -c, 'echo $${HOME}']}
                """, Map.of("GIT_URI", "https://git.example.com/x.git", "REGISTRY", "registry.example.com:5000"));

        assertThat(config.git().uri()).isEqualTo("https://git.example.com/x.git");
        assertThat(config.repositories().getFirst().registry()).isEqualTo("registry.example.com:5000");
        assertThat(config.gc()).hasValue(new GcCommand(List.of("sh", "-c", "echo ${HOME}")));
    }

    @Test
    void everyProblemIsReportedAtOnceWithItsKey() throws IOException {
        assertThat(problems("""
                git:
                  uri: https://git.example.com/acme/banana.git
                  password: hunter2
                  private_key: ${KEY}
                registry:
                  username: ci-bot
                  pasword: x
                repositories:
                  - registry.example.com/acme/app:v1
                  - NOT A REFERENCE
                main_branch: '///'
                protect: ['(unclosed']
                commit_tags: {keep_per_branch: -1, delete_unreachable: 'yes'}
                min_age: 1 day
                limits: {max_deletions: 0, max_fraction: 1.5}
                gc: {command: [], harbor: {url: x}}
                extra: 1
                """, Map.of()))
                .containsExactly(
                        "reaper.yml: git.password: write the secret in an environment variable and name it here"
                                + " (e.g. ${GIT_PASSWORD}), never in the file",
                        "reaper.yml: git.private_key: environment variable KEY is not set",
                        "reaper.yml: extra: unknown key (known keys here: commit_tags, gc, git, limits, main_branch, min_age,"
                                + " pipelines, protect, registry, repositories)",
                        "reaper.yml: git.private_key: SSH remotes are not supported yet; use an https (or file) uri with"
                                + " git.username and git.password",
                        "reaper.yml: git.username: is required when git.password is set",
                        "reaper.yml: registry.pasword: unknown key (did you mean 'password'? known keys here: api,"
                                + " api_token, api_url, ca_certs, insecure, password, username)",
                        "reaper.yml: registry.password: registry.username and registry.password go together (or neither, to"
                                + " use docker's config.json)",
                        "reaper.yml: repositories[0]: 'registry.example.com/acme/app:v1' names a tag or digest; give the"
                                + " repository only",
                        "reaper.yml: repositories[1]: " + invalidReferenceMessage(),
                        "reaper.yml: main_branch: invalid branch '///': it has no letter or digit to make a tag of",
                        "reaper.yml: protect[0]: not a valid regular expression: Unclosed group",
                        "reaper.yml: commit_tags.delete_unreachable: must be true or false, not the string 'yes'",
                        "reaper.yml: commit_tags.keep_per_branch: must be 0 (keep every commit tag) or more, not -1",
                        "reaper.yml: min_age: '1 day' is not a duration: write it like 24h, 1h30m, 90m, 45s, 7d or 0",
                        "reaper.yml: limits.max_deletions: must be 1 or more, not 0",
                        "reaper.yml: limits.max_fraction: must be more than 0 and at most 1, not 1.5",
                        "reaper.yml: gc.command: give gc.command or gc.harbor, not both");
    }

    @Test
    void gcAfterIsADurationWithADefaultThatLeavesUndoAWindow() throws IOException {
        assertThat(load(MINIMAL + "gc: {command: [registry-gc]}\n", Map.of()).gcAfter())
                .isEqualTo(Duration.ofHours(12));
        assertThat(load(MINIMAL + "gc: {command: [registry-gc], after: 30m}\n", Map.of())
                        .gcAfter())
                .isEqualTo(Duration.ofMinutes(30));
        assertThat(problems(MINIMAL + "gc: {command: [registry-gc], after: tomorrow}\n", Map.of()))
                .containsExactly(
                        "reaper.yml: gc.after: 'tomorrow' is not a duration: write it like 24h, 1h30m, 90m, 45s, 7d or 0");
    }

    @Test
    void minAgeIsADurationAsConcourseWritesThem() throws IOException {
        assertThat(load(MINIMAL + "min_age: 1h30m\n", Map.of()).policy().minAge())
                .isEqualTo(Duration.ofMinutes(90));
        assertThat(load(MINIMAL + "min_age: 0\n", Map.of()).policy().minAge()).isZero();
        assertThat(load(MINIMAL + "min_age: 7d\n", Map.of()).policy().minAge()).isEqualTo(Duration.ofDays(7));
        assertThat(problems(MINIMAL + "min_age: -1h\n", Map.of()))
                .containsExactly(
                        "reaper.yml: min_age: '-1h' is not a duration: write it like 24h, 1h30m, 90m, 45s, 7d or 0");
    }

    @Test
    void aRepositoryListedTwiceIsNamed() throws IOException {
        assertThat(problems(MINIMAL + "  - registry.example.com/acme/banana-base\n", Map.of()))
                .containsExactly(
                        "reaper.yml: repositories[1]: 'registry.example.com/acme/banana-base' is listed twice");
    }

    @Test
    void missingGitAndRepositoriesAreNamed() throws IOException {
        assertThat(problems("main_branch: master\n", Map.of()))
                .containsExactly(
                        "reaper.yml: git: is required (git.uri: the repository whose branches are the live ones)",
                        "reaper.yml: repositories: is required: the image repositories to reap (e.g."
                                + " registry.example.com/acme/banana-base)");
    }

    @Test
    void aMissingFileOrBadYamlIsOneClearError() {
        assertThatThrownBy(() -> ReaperConfigLoader.load(dir.resolve("nope.yml"), Map.of()))
                .hasMessage(dir.resolve("nope.yml") + ": no such file");
        assertThatThrownBy(() -> load("git: [unclosed\n", Map.of()))
                .hasMessageStartingWith(dir.resolve("reaper.yml")
                        + ":2:1: not valid YAML: while parsing a flow sequence (from line 1, column 6):"
                        + " expected ',' or ']', but got <stream end>");
    }

    private static String invalidReferenceMessage() {
        try {
            ImageReference.parse("NOT A REFERENCE");
            throw new AssertionError("parsed");
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }

    @Test
    void registryApiNamesTheProviderAndItsTokenMustBeAVariable() throws IOException {
        ReaperConfig config = load(
                MINIMAL + "registry:\n  api: GHCR\n  api_url: https://github.example.com/api/v3/\n  api_token: ${GH}\n",
                Map.of("GH", "ghp_fromTheEnvironment"));

        assertThat(config.registry().api()).contains(ProviderApi.GHCR);
        assertThat(config.registry().apiUrl()).contains("https://github.example.com/api/v3");
        assertThat(config.registry().apiToken()).map(Secret::value).contains("ghp_fromTheEnvironment");
        assertThat(problems(MINIMAL + "registry: {api: quay, api_url: ftp://x, api_token: ghp_literal}\n", Map.of()))
                .contains("reaper.yml: registry.api_token: write the secret in an environment variable and name it here"
                        + " (e.g. ${REGISTRY_API_TOKEN}), never in the file");
        assertThat(problems(MINIMAL + "registry: {api: quay, api_url: ftp://x}\n", Map.of()))
                .contains(
                        "reaper.yml: registry.api: 'quay' is none of oci, ecr, ghcr, dockerhub, gitlab, harbor (leave it"
                                + " out to infer it from each repository's host)",
                        "reaper.yml: registry.api_url: 'ftp://x' is not an http(s) URL");
    }
}
