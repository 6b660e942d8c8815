package dev.dockertag.pipelinegen;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dockertag.failures.ExitCodes;
import dev.dockertag.tool.config.Yaml;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrackerAndWebhooksTest {

    @TempDir
    Path repo;

    private Path config(String extra) throws IOException {
        Examples.copyBanana(repo);
        Path file = repo.resolve("pipeline-gen.yml");
        Files.writeString(file, Files.readString(file) + extra);
        return file;
    }

    @Test
    void trackerRunsTheReaperOnItsScheduleWithTheRegistryCredentialsAsVars() throws IOException {
        Examples.write(repo.resolve("reaper.yml"), "repositories: []\n");
        Path file = config(
                "tracker:\n  reaper_config: reaper.yml\n  reap_interval: 6h\n  branch_regex: '^(master|feat/.*)$'\n");

        Cli result = Cli.run("tracker", "-c", file.toString());

        assertThat(result.exitCode()).as(result.stderr()).isZero();
        JsonNode pipeline = Yaml.parse("tracker", result.stdout());
        assertThat(pipeline.at("/resources/0/source/branch_regex").asText()).isEqualTo("^(master|feat/.*)$");
        assertThat(pipeline.at("/resources/2/source/interval").asText()).isEqualTo("6h");
        JsonNode reap = pipeline.at("/jobs/1");
        assertThat(reap.at("/name").asText()).isEqualTo("reap");
        // after each run that set the pipelines (so the deleted branches' ones are archived first), and on schedule
        assertThat(reap.at("/plan/0/in_parallel").toString())
                .isEqualTo(
                        "[{\"get\":\"reap-schedule\",\"trigger\":true},"
                                + "{\"get\":\"branches\",\"trigger\":true,\"passed\":[\"set-branch-pipelines\"]},{\"get\":\"config\"}]");
        assertThat(reap.at("/plan/1/config/run/path").asText()).isEqualTo("reaper");
        assertThat(reap.at("/plan/1/config/run/args").toString())
                .isEqualTo(
                        "[\"apply\",\"--config\",\"config/reaper.yml\",\"--yes\",\"--journal-dir\",\"journal\",\"--gc-now\"]");
        assertThat(reap.at("/plan/1/config/params/REGISTRY_PASSWORD").asText()).isEqualTo("((registry-password))");
        RenderGoldenTest.assertValid(result.stdout());
    }

    @Test
    void webhooksPutTokensOnGitResourcesAndPrintOneUrlEach() throws IOException {
        Path file = config("webhooks: true\n");

        Cli rendered = Cli.run("render", "-c", file.toString(), "-b", "feat/x");
        JsonNode pipeline = Yaml.parse("rendered", rendered.stdout());
        assertThat(pipeline.at("/resources/0/webhook_token").asText()).isEqualTo("((webhook-token))");
        assertThat(pipeline.at("/resources/0/check_every").asText()).isEqualTo("24h");
        assertThat(pipeline.at("/resources/3/webhook_token").isMissingNode())
                .as("image resources have none")
                .isTrue();

        // one URL per git resource of this branch's instance (concourse: 8 sets instanced pipelines)
        Cli urls = Cli.run("webhooks", "-c", file.toString(), "-b", "feat/x", "--url", "https://ci.example.com/");

        assertThat(urls.exitCode()).as(urls.stderr()).isZero();
        String base = "https://ci.example.com/api/v1/teams/main/pipelines/banana/resources/";
        String query = "/check/webhook?webhook_token=<webhook-token>&vars.branch=%22feat%2Fx%22\n";
        assertThat(urls.stdout())
                .isEqualTo(base + "banana-base-files" + query + base + "banana-builder-files" + query + base
                        + "test-src" + query);
        Cli named = Cli.run(
                "webhooks", "-c", file.toString(), "-b", "feat/x", "--url", "https://ci.example.com", "--no-instanced");
        assertThat(named.stdout())
                .startsWith("https://ci.example.com/api/v1/teams/main/pipelines/banana-feat-x/resources/"
                        + "banana-base-files/check/webhook?webhook_token=<webhook-token>\n");
    }

    @Test
    void oneWebhookOnTheTrackerLeavesTheBranchPipelinesOnALongCheckInterval() throws IOException {
        Path file = config("webhooks: tracker\n");

        JsonNode tracker =
                Yaml.parse("tracker", Cli.run("tracker", "-c", file.toString()).stdout());
        JsonNode branch = Yaml.parse(
                "branch",
                Cli.run("render", "-c", file.toString(), "-b", "feat/x").stdout());
        Cli url = Cli.run("webhooks", "-c", file.toString(), "--tracker", "--url", "https://ci.example.com");
        Cli perBranch = Cli.run("webhooks", "-c", file.toString(), "-b", "feat/x", "--url", "https://ci.example.com");

        assertThat(tracker.at("/resources/0/name").asText()).isEqualTo("branches");
        assertThat(tracker.at("/resources/0/webhook_token").asText()).isEqualTo("((webhook-token))");
        assertThat(branch.at("/resources/0/check_every").asText()).isEqualTo("1h");
        assertThat(branch.at("/resources/0/webhook_token").isMissingNode()).isTrue();
        assertThat(url.exitCode()).as(url.stderr()).isZero();
        assertThat(url.stdout())
                .isEqualTo("https://ci.example.com/api/v1/teams/main/pipelines/banana-tracker/resources/"
                        + "branches/check/webhook?webhook_token=<webhook-token>\n");
        assertThat(perBranch.exitCode()).isEqualTo(1);
        assertThat(perBranch.stderr())
                .contains("webhooks is tracker, so the branch pipelines' git resources have no" + " webhook_token");
    }

    @Test
    void webhooksWithoutTheSettingIsRefused() {
        Cli result = Cli.run(
                "webhooks",
                "-c",
                Examples.banana().resolve("pipeline-gen.yml").toString(),
                "-b",
                "m",
                "--url",
                "https://ci.example.com");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.stderr())
                .isEqualTo("error: " + Examples.banana().resolve("pipeline-gen.yml") + ": webhooks is"
                        + " none, so the branch pipelines' git resources have no webhook_token\nhint: set webhooks: true and set"
                        + " the pipelines again\n");
    }

    @Test
    void helpListsEveryCommand() {
        Cli result = Cli.run("--help");

        assertThat(result.exitCode()).isZero();
        assertThat(result.stdout()).startsWith("Usage: pipeline-gen [-hV] [COMMAND]\n");
        // every command with its one-line summary, each a whole sentence
        assertThat(result.stdout())
                .endsWith("Commands:\n"
                        + "  render    Renders the branch pipeline (to stdout or -o FILE).\n"
                        + "  set       Renders, validates and sets the branch pipeline with fly.\n"
                        + "  destroy   Destroys a branch's pipeline with fly, even for a deleted branch.\n"
                        + "  validate  Checks pipeline files as Concourse does when they are set.\n"
                        + "  tracker   Renders the parent pipeline that sets one pipeline per branch.\n"
                        + "  branches  Turns a branches.json into the names the tracker sets pipelines for.\n"
                        + "  init      Writes a starting pipeline-gen.yml from the Dockerfiles it finds.\n"
                        + "  webhooks  Prints the webhook URLs to register with the git host.\n");
    }

    @Test
    void aCommandLineThatDoesNotParseExitsWithTheUsageCodeOfEveryTool() {
        Cli result = Cli.run("render", "--brnach", "main");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE).isEqualTo(64);
        assertThat(result.stderr())
                .isEqualTo("error: Unknown options: '--brnach', 'main'\nPossible solutions: --branch\n"
                        + "hint: pipeline-gen render --help lists its options\n");
    }

    @Test
    void setWithoutATargetSaysSoInsteadOfPrintingTheWholeUsage() {
        Cli result = Cli.run("set", "--dry-run");

        assertThat(result.exitCode()).isEqualTo(64);
        assertThat(result.stdout()).isEmpty();
        assertThat(result.stderr())
                .isEqualTo("error: Missing required option: '--target=<target>'\n"
                        + "hint: -t names the fly target (one of `fly targets`); pipeline-gen set needs it with"
                        + " --dry-run too, since the fly command it prints names it\n");
    }
}
