package dev.dockertag.reaper.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dockertag.registry.ImageReference;
import dev.dockertag.registry.RegistryClient;
import dev.dockertag.registry.RepositoryClient;
import dev.dockertag.registry.auth.Credentials;
import dev.dockertag.registry.auth.CredentialsProvider;
import dev.dockertag.registry.image.Digest;
import dev.dockertag.testsupport.Commands;
import dev.dockertag.testsupport.EchoingRegistry;
import dev.dockertag.testsupport.FaultProxy;
import dev.dockertag.testsupport.LocalRegistryExtension;
import dev.dockertag.testsupport.StubRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/reaper} run as a scheduled Concourse task runs it: a process, the registry password in an environment
 * variable named by the config, against a registry that wants it. The password must not appear in anything the reaper
 * prints or writes.
 */
class ReaperProcessIT {

    @RegisterExtension
    static LocalRegistryExtension registry = LocalRegistryExtension.withBasicAuth();

    private static final Path LAUNCHER =
            Path.of("..", "bin", "reaper").toAbsolutePath().normalize();

    @TempDir
    Path temp;

    Upstream upstream;
    RegistryClient client;
    RepositoryClient repository;
    Path config;
    Path flyLog;

    @BeforeEach
    void setUp() throws IOException {
        upstream = new Upstream(temp.resolve("git"));
        client = RegistryClient.builder()
                .allowPlainHttp(true)
                .credentials(CredentialsProvider.of(new Credentials(
                        registry.get().username(), registry.get().password())))
                .build();
        String name = registry.get().host() + "/acme/process";
        repository = client.repository(ImageReference.parse(name));
        String master = upstream.commit("master");
        String gone = upstream.commit("feat/gone");
        upstream.commit("feat/live");
        Images.push(repository, "master-latest", "master", master, 1);
        Images.push(repository, "feat-gone-latest", "feat/gone", gone, 2);
        upstream.deleteBranch("feat/gone");
        flyLog = temp.resolve("fly.log");
        Path fly = temp.resolve("fly");
        Files.writeString(fly, """
                #!/bin/sh
                echo "$@" >> "%s"
                case "$*" in
                  *"pipelines --json"*) echo '[{"name":"banana","instance_vars":{"branch":"feat/gone"}},
                    {"name":"banana","instance_vars":{"branch":"feat/live"}},{"name":"other"},
                    {"name":"banana-master"}]' ;;
                esac
                """.formatted(flyLog));
        Files.setPosixFilePermissions(fly, PosixFilePermissions.fromString("rwxr-xr-x"));
        config = temp.resolve("reaper.yml");
        Files.writeString(config, """
                git: {uri: %s}
                registry:
                  username: ${REGISTRY_USERNAME}
                  password: ${REGISTRY_PASSWORD}
                  insecure: true
                repositories: [%s]
                main_branch: master
                limits: {max_fraction: 0.5}
                pipelines: {fly_target: vm, name: banana}
                """.formatted(upstream.uri(), name));
    }

    @AfterEach
    void tearDown() {
        client.close();
    }

    private Commands.Result reaper(String password, String... args) {
        Map<String, String> env = new HashMap<>();
        env.put("JAVA_HOME", System.getProperty("java.home"));
        env.put("PATH", "/usr/bin:/bin");
        env.put("HOME", temp.toString());
        env.put("FLY", temp.resolve("fly").toString());
        env.put("REGISTRY_USERNAME", registry.get().username());
        env.put("REGISTRY_PASSWORD", password);
        List<String> command = new ArrayList<>(List.of(LAUNCHER.toString()));
        command.addAll(List.of(args));
        return Commands.run(command, temp, env);
    }

    @Test
    void aScheduledApplyRemovesTheGoneBranchAndDestroysItsPipeline() throws IOException {
        Commands.Result run = reaper(registry.get().password(), "apply", "--yes", "--config", config.toString());

        assertThat(run.exitCode()).as(run.stderr()).isZero();
        assertThat(Images.tags(repository)).containsOnlyKeys("master-latest");
        assertThat(run.stderr()).contains("destroyed pipeline banana/branch:feat/gone (branch gone)\n");
        assertThat(Files.readAllLines(flyLog))
                .containsExactly(
                        "-t vm pipelines --json",
                        "-t vm destroy-pipeline -p banana/branch:feat/gone --non-interactive");
        assertThat(run.stdout() + run.stderr()).doesNotContain(registry.get().password());
        // no --journal-dir: the journal goes to the user's state directory (HOME is temp here), never
        // the current directory, and stderr says where
        Path stateDirectory = temp.resolve(".local/state/dockertag-reaper");
        try (Stream<Path> inWorkingDirectory = Files.list(temp)) {
            assertThat(inWorkingDirectory.map(p -> p.getFileName().toString()))
                    .noneMatch(n -> n.startsWith("reaper-journal-"));
        }
        List<Path> journals;
        try (Stream<Path> files = Files.list(stateDirectory)) {
            journals = files.filter(p -> p.getFileName().toString().startsWith("reaper-journal-"))
                    .toList();
        }
        assertThat(journals).hasSize(1);
        assertThat(run.stderr()).contains("journal: " + journals.get(0) + " (reaper undo takes it until GC has run)\n");
        assertThat(Files.readString(journals.get(0)))
                .doesNotContain(registry.get().password())
                .contains("feat-gone-latest");
    }

    @Test
    void anApplyTheRegistryStopsPartWayPrintsAndWritesWhereEveryPlannedTagStands() throws IOException {
        for (String branch : List.of("a", "b", "c")) {
            Images.push(
                    repository, "feat-" + branch + "-latest", "feat/" + branch, upstream.commit("feat/" + branch), 3);
            upstream.deleteBranch("feat/" + branch);
        }
        Map<String, Digest> before = Images.tags(repository);
        try (FaultProxy proxy = FaultProxy.to(registry.get().host())) {
            // the registry refuses to delete feat-b's manifest (and only that one), as a registry does whose
            // policy or storage starts failing in the middle of an apply
            proxy.status("^DELETE /v2/acme/process/manifests/" + before.get("feat-b-latest"), 403, FaultProxy.ALWAYS);
            Path proxied = temp.resolve("proxied.yml");
            Files.writeString(
                    proxied,
                    Files.readString(config)
                            .replace(registry.get().host(), proxy.host())
                            .replace("max_fraction: 0.5", "max_fraction: 1"));
            Path journals = temp.resolve("journals");
            String name = proxy.host() + "/acme/process";

            Commands.Result run = reaper(
                    registry.get().password(),
                    "apply",
                    "--yes",
                    "--json",
                    "--journal-dir",
                    journals.toString(),
                    "--config",
                    proxied.toString());

            assertThat(run.exitCode()).as(run.stderr()).isEqualTo(1);
            Path journal;
            try (Stream<Path> files = Files.list(journals)) {
                journal = files.filter(p -> p.getFileName().toString().startsWith("reaper-journal-"))
                        .findFirst()
                        .orElseThrow();
            }
            // the error names every planned tag and where it stands, then the journal; the hint is the undo
            assertThat(run.stderr())
                    .contains("error: the apply stopped in " + name + ": tried to delete manifest ")
                    .contains("\nerror: deleted " + name + ":feat-a-latest\n"
                            + "error: failed " + name + ":feat-b-latest (the request above)\n"
                            + "error: not attempted " + name + ":feat-c-latest\n"
                            + "error: not attempted " + name + ":feat-gone-latest\n"
                            + "error: what it had removed until then is in the journal " + journal
                            + "; GC was not run\n")
                    .endsWith("hint: reaper undo " + journal + " puts every tag of the plan back\n");
            // stdout is one JSON document that says the same, for the tools that read it
            JsonNode document = new ObjectMapper().readTree(run.stdout());
            assertThat(document.path("plan").path("removals").asInt()).isEqualTo(4);
            JsonNode apply = document.path("apply");
            assertThat(apply.path("complete").asBoolean(true)).isFalse();
            assertThat(apply.path("journal").asText()).isEqualTo(journal.toString());
            assertThat(apply.path("undo").asText()).isEqualTo("reaper undo " + journal);
            assertThat(apply.path("error").asText()).startsWith("the apply stopped in " + name + ": ");
            List<String> states = new ArrayList<>();
            apply.path("tags")
                    .forEach(t -> states.add(t.path("tag").asText() + " "
                            + t.path("state").asText() + " " + t.path("digest").asText()));
            assertThat(states)
                    .containsExactly(
                            "feat-a-latest deleted " + before.get("feat-a-latest"),
                            "feat-b-latest failed " + before.get("feat-b-latest"),
                            "feat-c-latest not attempted " + before.get("feat-c-latest"),
                            "feat-gone-latest not attempted " + before.get("feat-gone-latest"));
        }
        assertThat(Images.tags(repository)).doesNotContainKey("feat-a-latest").containsKey("feat-b-latest");
    }

    @Test
    void aCaptivePortalIsNamedAsOneAndNothingIsDeleted() throws IOException {
        try (StubRegistry portal = StubRegistry.captivePortal()) {
            Path portalConfig = temp.resolve("portal.yml");
            Files.writeString(
                    portalConfig,
                    Files.readString(config)
                            .replace(registry.get().host() + "/acme/process", portal.host() + "/team/app"));

            Commands.Result run =
                    reaper(registry.get().password(), "apply", "--yes", "--config", portalConfig.toString());

            assertThat(run.exitCode()).isEqualTo(1);
            assertThat(run.stdout()).isEmpty();
            assertThat(run.stderr())
                    .endsWith(
                            "error: tried to list tags of " + portal.host() + "/team/app: " + portal.host()
                                    + " answered text/html, not a tag list: is this a registry, or a proxy's"
                                    + " login page?\n"
                                    + "hint: nothing was deleted: the run stops at the first registry failure before deleting\n");
            assertThat(portal.requests()).noneMatch(r -> r.startsWith("DELETE"));
        }
    }

    @Test
    void aWrongPasswordIsAClearErrorThatDoesNotShowIt() {
        Commands.Result run = reaper("not-the-password-4711", "plan", "--config", config.toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.stdout()).isEmpty();
        assertThat(run.stderr())
                .contains("error: tried to list tags of " + repository.name() + ": 401 ")
                .contains("(the registry refused the credentials)\n")
                .endsWith("hint: check registry.username and registry.password; nothing was deleted: the run stops at"
                        + " the first registry failure before deleting\n")
                .doesNotContain("not-the-password-4711");
        assertThat(Images.tags(repository)).containsOnlyKeys("master-latest", "feat-gone-latest");
    }

    @Test
    void helpListsTheCommands() {
        Commands.Result run = reaper("x", "--help");

        assertThat(run.exitCode()).isZero();
        assertThat(run.stdout()).startsWith("Usage: reaper [-hV] [COMMAND]\n");
        // every command with its one-line summary, each a whole sentence
        assertThat(run.stdout())
                .endsWith("Commands:\n"
                        + "  plan   Shows what apply would remove and keep, and why; changes nothing.\n"
                        + "  apply  Plans afresh and carries the plan out, then runs GC.\n"
                        + "  undo   Puts back what an apply removed, until GC has run.\n");
    }

    @Test
    void aRegistryThatEchoesTheCredentialsNeverBringsAPasswordLineToTheLog() throws IOException {
        String password =
                "{\n  \"type\": \"service_account\",\n  \"private_key\": \"-----BEGIN KEY-----\\nMIIEvQ\\n\"\n}";
        try (EchoingRegistry echo = EchoingRegistry.start()) {
            Path echoConfig = temp.resolve("echo.yml");
            Files.writeString(
                    echoConfig,
                    Files.readString(config)
                            .replace(registry.get().host() + "/acme/process", echo.host() + "/team/app"));

            Commands.Result run = reaper(password, "plan", "--config", echoConfig.toString());

            assertThat(run.exitCode()).as(run.stderr()).isEqualTo(1);
            assertThat(echo.received())
                    .as("the registry was given the password")
                    .isNotEmpty();
            assertThat(run.stderr()).contains("error: ");
            for (String line : password.split("\n")) {
                if (line.strip().length() >= 4) {
                    assertThat(run.stdout() + run.stderr()).doesNotContain(line.strip());
                }
            }
        }
    }
}
