package dev.dockertag.pipelinegen;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dockertag.tool.config.Yaml;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What the rendered pipelines promise, checked by walking their YAML rather than by bytes, for both Concourse versions
 * the output can follow: on 8, each put names exactly the artifacts its params read (what `detect` would find, said
 * outright) and image resources check every 10m; on 7 neither is set. The tracker reads the branch list its own render
 * task wrote, and sets instances keyed by the name.
 */
class RenderedContractTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(ints = {8, 7})
    void branchPipelinePutsNameWhatTheyReadAndImagesCheckRarelyOn8(int concourse) {
        Path config = Examples.bananaWith(dir, "concourse: " + concourse + "\n");
        JsonNode pipeline = Yaml.parse(
                "branch",
                Cli.run("render", "-c", config.toString(), "-b", "feat/x").stdout());

        int puts = 0;
        for (JsonNode job : pipeline.path("jobs")) {
            Set<String> available = new LinkedHashSet<>();
            for (JsonNode step : steps(job.path("plan"))) {
                if (step.has("put")) {
                    puts++;
                    Set<String> read = new LinkedHashSet<>();
                    step.path("params").forEach(v -> read.add(v.asText().split("/")[0]));
                    if (concourse == 8) {
                        List<String> inputs = new ArrayList<>();
                        step.path("inputs").forEach(i -> inputs.add(i.asText()));
                        assertThat(inputs).as(job.path("name").asText()).containsExactlyInAnyOrderElementsOf(read);
                        assertThat(available)
                                .as("what the put reads exists before it")
                                .containsAll(read);
                    } else {
                        assertThat(step.has("inputs")).isFalse();
                    }
                }
                if (step.has("get")) {
                    available.add(step.path("get").asText());
                }
                step.path("config")
                        .path("outputs")
                        .forEach(o -> available.add(o.path("name").asText()));
            }
        }
        assertThat(puts).isEqualTo(2);
        for (JsonNode resource : pipeline.path("resources")) {
            String type = resource.path("type").asText();
            assertThat(resource.path("source").path("branch").asText()).isEqualTo("((branch))");
            if (type.equals("docker-tag")) {
                assertThat(resource.path("check_every").asText(null)).isEqualTo(concourse == 8 ? "10m" : null);
                assertThat(resource.path("source").path("fallback_branch").asText())
                        .isEqualTo("master");
            } else {
                assertThat(type).isEqualTo("git");
                assertThat(resource.has("check_every"))
                        .as("git keeps Concourse's 1m without webhooks")
                        .isFalse();
            }
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {8, 7})
    void trackerSetsAnInstancePerNameOfTheListItsRenderTaskWrote(int concourse) {
        Path config =
                Examples.bananaWith(dir, "concourse: " + concourse + "\n" + "tracker: {exclude: ['dependabot/**']}\n");
        JsonNode tracker = Yaml.parse(
                "tracker", Cli.run("tracker", "-c", config.toString()).stdout());

        JsonNode branches = tracker.at("/resources/0");
        if (concourse == 8) {
            assertThat(branches.path("type").asText()).isEqualTo("git");
            assertThat(branches.at("/source/version_type").asText()).isEqualTo("branches");
            assertThat(tracker.has("resource_types")).isFalse();
        } else {
            assertThat(branches.path("type").asText()).isEqualTo("git-branches");
            assertThat(tracker.at("/resource_types/0/source/repository").asText())
                    .isEqualTo("aoldershaw/git-branches-resource");
        }
        List<JsonNode> plan = steps(tracker.at("/jobs/0/plan"));
        JsonNode render = plan.stream()
                .filter(s -> s.path("task").asText().equals("render"))
                .findFirst()
                .orElseThrow();
        JsonNode loadVar =
                plan.stream().filter(s -> s.has("load_var")).findFirst().orElseThrow();
        JsonNode set =
                plan.stream().filter(s -> s.has("set_pipeline")).findFirst().orElseThrow();
        List<String> inputs = new ArrayList<>();
        render.at("/config/inputs").forEach(i -> inputs.add(i.path("name").asText()));
        assertThat(inputs).containsExactly("branches", "config");
        String output = render.at("/config/outputs/0/name").asText();
        assertThat(loadVar.path("file").asText()).startsWith(output + "/");
        assertThat(set.path("file").asText()).startsWith(output + "/");
        assertThat(render.at("/config/run/args/1").asText())
                .contains("--exclude 'dependabot/**'")
                .contains("-o " + loadVar.path("file").asText());
        assertThat(set.at("/across/0/values").asText())
                .isEqualTo("((.:" + loadVar.path("load_var").asText() + "))");
        assertThat(set.at("/instance_vars/branch").asText())
                .isEqualTo("((.:" + set.at("/across/0/var").asText() + "))");
    }

    @ParameterizedTest
    @ValueSource(ints = {8, 7})
    void everyPullFromTheRegistryCarriesItsTlsSettingsTheResourceTypeAndTheTrackersTasksToo(int concourse)
            throws IOException {
        Path config =
                Examples.bananaWith(dir, "concourse: " + concourse + "\ntracker: {reaper_config: ci/reaper.yml}\n");
        Files.writeString(
                config,
                Files.readString(config)
                        .replace(
                                "  password: ((registry-password))\n",
                                "  password: ((registry-password))\n  insecure: true\n  ca_certs: [((registry-ca))]\n"));
        Files.writeString(
                config.resolveSibling("ci/reaper.yml"), "repositories: [registry.example.com/acme/banana-base]\n");
        JsonNode pipeline = Yaml.parse(
                "branch",
                Cli.run("render", "-c", config.toString(), "-b", "feat/x").stdout());
        JsonNode tracker = Yaml.parse(
                "tracker", Cli.run("tracker", "-c", config.toString()).stdout());

        List<JsonNode> sources = new ArrayList<>();
        pipeline.path("resource_types").forEach(t -> sources.add(t.path("source")));
        pipeline.path("resources").forEach(r -> {
            if (r.path("type").asText().equals("docker-tag")) {
                sources.add(r.path("source"));
            }
        });
        for (JsonNode job : tracker.path("jobs")) {
            steps(job.path("plan")).stream()
                    .filter(step -> step.has("task"))
                    .forEach(step -> sources.add(step.at("/config/image_resource/source")));
        }

        // the reap job: the journal goes to an output, not the container's scratch space
        JsonNode reap = steps(tracker.at("/jobs/1/plan")).stream()
                .filter(step -> step.path("task").asText().equals("reap"))
                .findFirst()
                .orElseThrow();
        assertThat(reap.at("/config/run/args").toString())
                .endsWith(",\"--yes\",\"--journal-dir\",\"journal\",\"--gc-now\"]");
        assertThat(reap.at("/config/outputs/0/name").asText()).isEqualTo("journal");
        assertThat(reap.at("/config/params").toString())
                .isEqualTo("{\"REGISTRY_USERNAME\":\"((registry-username))\",\"REGISTRY_PASSWORD\":"
                        + "\"((registry-password))\",\"GIT_PRIVATE_KEY\":\"((git-private-key))\"}");
        // the resource type, both image resources, and the render and reap tasks' image
        assertThat(sources).hasSize(5);
        for (JsonNode source : sources) {
            assertThat(source.path("insecure").asBoolean())
                    .as(source.toString())
                    .isTrue();
            assertThat(source.path("ca_certs").toString()).as(source.toString()).isEqualTo("[\"((registry-ca))\"]");
            assertThat(source.path("password").asText()).isEqualTo("((registry-password))");
        }
    }

    /** The steps of a plan, with in_parallel's flattened. */
    static List<JsonNode> steps(JsonNode plan) {
        List<JsonNode> steps = new ArrayList<>();
        for (JsonNode step : plan) {
            JsonNode parallel = step.path("in_parallel");
            if (parallel.isArray()) {
                steps.addAll(steps(parallel));
            } else if (parallel.isObject()) {
                steps.addAll(steps(parallel.path("steps")));
            } else {
                steps.add(step);
            }
        }
        return steps;
    }
}
