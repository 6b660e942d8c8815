package dev.dockertag.pipelinegen.validate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dockertag.pipelinegen.Cli;
import dev.dockertag.tool.config.Yaml;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each pipeline under src/test/resources/validate says in its header exactly what Concourse's checks report for it
 * ({@code # error: ...}, {@code # warning: ...}, in order) or {@code # valid}.
 */
class PipelineValidatorTest {

    private static final Path CASES = Path.of("src", "test", "resources", "validate");

    static Stream<Path> cases() throws IOException {
        return Files.list(CASES).filter(p -> p.toString().endsWith(".yml")).sorted();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void reportsExactlyTheExpectedProblems(Path file) throws IOException {
        List<String> expected = Files.readAllLines(file).stream()
                .filter(l -> l.startsWith("# error: ") || l.startsWith("# warning: "))
                .map(l -> l.substring(2))
                .toList();
        assertThat(expected.isEmpty())
                .as("a case states its problems or # valid")
                .isEqualTo(Files.readString(file).startsWith("# valid"));

        List<String> actual = PipelineValidator.validate(Yaml.read(file)).stream()
                .map(Problem::toString)
                .toList();

        assertThat(actual).containsExactlyElementsOf(expected);
    }

    @Test
    void commandPrintsEachProblemWithTheFileAndFailsOnErrors() {
        Path invalid = CASES.resolve("invalid-unknown-resource.yml");
        Path valid = CASES.resolve("valid-minimal.yml");

        Cli result = Cli.run("validate", valid.toString(), invalid.toString());

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.stdout())
                .isEqualTo(valid + ": valid (0 errors, 0 warnings)\n"
                        + invalid + ": error: jobs.test.plan.do[1].get(src): unknown resource 'src'\n"
                        + invalid + ": error: jobs.test.plan.do[2].put(out): unknown resource 'out'\n"
                        + invalid + ": invalid (2 errors, 0 warnings)\n");
    }

    @Test
    void ourOwnConfigGivenToValidateIsNamedAsOneWithTheCommandToRunInstead() {
        Path config = Path.of("..", "examples", "banana", "pipeline-gen.yml");

        Cli result = Cli.run("validate", config.toString());

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.stdout())
                .isEqualTo(config + ": this is a pipeline-gen config, not a pipeline: render it first (pipeline-gen"
                        + " render -c " + config + " -o pipeline.yml), then validate what it wrote\n");
    }

    @Test
    void warningsPassUnlessStrict() {
        Path file = CASES.resolve("valid-minimal.yml");
        String withWarning = "jobs:\n  - name: Hello\n    plan: [{task: t, file: x.yml}]\n";
        Path warned = writeTemp(withWarning);

        assertThat(Cli.run("validate", warned.toString()).exitCode()).isZero();
        assertThat(Cli.run("validate", "--strict", warned.toString()).exitCode())
                .isEqualTo(1);
        assertThat(Cli.run("validate", "--strict", file.toString()).exitCode()).isZero();
    }

    @Test
    void onConcourse7WhatEightTurnedOnByDefaultIsAWarningNamingItsFlag() {
        Path tracker = writeTemp("""
                resources: [{name: src, type: git, source: {uri: x}}]
                jobs:
                  - name: set
                    tags: [linux]
                    plan:
                      - get: src
                      - load_var: branches
                        file: src/branches.json
                      - across: [{var: branch, values: ((.:branches))}]
                        set_pipeline: app
                        file: src/p.yml
                        instance_vars: {branch: ((.:branch))}
                """);

        Cli eight = Cli.run("validate", "--strict", tracker.toString());
        Cli seven = Cli.run("validate", "--concourse", "7", tracker.toString());

        assertThat(eight.exitCode()).as(eight.stdout()).isZero();
        assertThat(seven.exitCode()).isZero();
        assertThat(seven.stdout())
                .isEqualTo(tracker + ": warning: jobs.set.tags: job tags need Concourse 8.3 or later\n"
                        + tracker
                        + ": warning: jobs.set.plan.do[2].across: the across step needs CONCOURSE_ENABLE_ACROSS_STEP"
                        + " on Concourse 7 (on by default from 8)\n"
                        + tracker + ": warning: jobs.set.plan.do[2].across.set_pipeline(app): instance_vars need"
                        + " CONCOURSE_ENABLE_PIPELINE_INSTANCES on Concourse 7 (on by default from 8)\n"
                        + tracker + ": valid (0 errors, 3 warnings)\n");
    }

    @Test
    void aConcourseVersionThatIsNeither8Nor7IsRefused() {
        Cli run = Cli.run(
                "validate",
                "--concourse",
                "9",
                CASES.resolve("valid-minimal.yml").toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.stderr()).isEqualTo("error: --concourse must be 8 or 7, not 9\n");
    }

    @Test
    void badYamlAndMissingFilesAreErrorsWithTheirPlace() {
        Path broken = writeTemp("jobs:\n  - name: a\n   plan: [\n");

        Cli result = Cli.run("validate", broken.toString(), "no-such-file.yml");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.stdout()).startsWith(broken + ":3:");
        assertThat(result.stdout()).contains("not valid YAML").contains("no-such-file.yml: no such file\n");
    }

    private static Path writeTemp(String text) {
        try {
            Path file = Files.createTempFile("pipeline-", ".yml");
            file.toFile().deleteOnExit();
            Files.writeString(file, text);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
