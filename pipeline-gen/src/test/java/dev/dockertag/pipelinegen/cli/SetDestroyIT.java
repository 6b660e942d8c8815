package dev.dockertag.pipelinegen.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dockertag.pipelinegen.Examples;
import dev.dockertag.testsupport.Commands;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/pipeline-gen set} and {@code destroy} run as a user runs them: in a real git clone of examples/banana with
 * a bare remote, with a fake {@code fly} on PATH that records its arguments.
 */
class SetDestroyIT {

    private static final Path LAUNCHER =
            Path.of("..", "bin", "pipeline-gen").toAbsolutePath().normalize();

    @TempDir
    Path temp;

    private Path work;
    private Path remote;
    private Path flyDir;
    private Path flyLog;
    private Path tmp;

    @BeforeEach
    void cloneWithRemote() throws IOException {
        remote = temp.resolve("remote.git");
        work = Examples.copyBanana(temp.resolve("banana"));
        tmp = Files.createDirectories(temp.resolve("tmp"));
        git(temp, "init", "-q", "--bare", "-b", "master", remote.toString());
        git(work, "init", "-q", "-b", "master");
        git(work, "add", ".");
        git(work, "commit", "-q", "-m", "banana");
        git(work, "remote", "add", "origin", remote.toString());
        git(work, "push", "-q", "origin", "master");
        flyDir = Files.createDirectories(temp.resolve("flybin"));
        flyLog = temp.resolve("fly.log");
        Path fly = flyDir.resolve("fly");
        Files.writeString(fly, "#!/bin/sh\nprintf '%s\\n' \"$@\" > \"$FLY_LOG\"\nexit \"${FLY_EXIT:-0}\"\n");
        Files.setPosixFilePermissions(fly, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    @Test
    void setRendersValidatesAndRunsFlyForTheCurrentBranch() throws IOException {
        Commands.Result result = pipelineGen(Map.of(), "set", "-t", "vm");

        assertThat(result.exitCode()).as(result.stderr()).isZero();
        Path file = tmp.resolve("pipeline-gen/banana-master.yml");
        // Concourse 8 (the default): one instanced pipeline per branch
        assertThat(flyArgs())
                .containsExactly(
                        "-t",
                        "vm",
                        "set-pipeline",
                        "-p",
                        "banana",
                        "--instance-var",
                        "branch=master",
                        "-c",
                        file.toString());
        assertThat(Files.readString(file))
                .isEqualTo(Files.readString(Path.of("src/test/resources/golden/banana-branch-pipeline.yml")));
        assertThat(result.stderr())
                .endsWith("running " + flyDir.resolve("fly") + " -t vm set-pipeline -p banana"
                        + " --instance-var branch=master -c " + file + "\n");
    }

    @Test
    void featureBranchGetsItsRawNameAsInstanceVarOrItsSlugWithoutInstances() {
        git(work, "checkout", "-q", "-b", "feat/Login_Page");
        git(work, "push", "-q", "origin", "feat/Login_Page");

        assertThat(pipelineGen(Map.of(), "set", "-t", "vm", "-n").exitCode()).isZero();
        assertThat(flyArgs())
                .containsExactly(
                        "-t",
                        "vm",
                        "set-pipeline",
                        "-p",
                        "banana",
                        "--instance-var",
                        "branch=feat/Login_Page",
                        "-c",
                        tmp.resolve("pipeline-gen/banana-feat-login_page.yml").toString(),
                        "-n");

        assertThat(pipelineGen(Map.of(), "set", "-t", "vm", "--no-instanced").exitCode())
                .isZero();
        assertThat(flyArgs())
                .containsExactly(
                        "-t",
                        "vm",
                        "set-pipeline",
                        "-p",
                        "banana-feat-login_page",
                        "-c",
                        tmp.resolve("pipeline-gen/banana-feat-login_page.yml").toString(),
                        "-v",
                        "branch=feat/Login_Page");
    }

    @Test
    void concourse7SetsNamedPipelinesUnlessAskedForInstances() throws IOException {
        Files.writeString(
                work.resolve("pipeline-gen.yml"),
                Files.readString(work.resolve("pipeline-gen.yml")) + "concourse: 7\n");

        assertThat(pipelineGen(Map.of(), "set", "-t", "vm").exitCode()).isZero();
        assertThat(flyArgs())
                .containsExactly(
                        "-t",
                        "vm",
                        "set-pipeline",
                        "-p",
                        "banana-master",
                        "-c",
                        tmp.resolve("pipeline-gen/banana-master.yml").toString(),
                        "-v",
                        "branch=master");
        assertThat(pipelineGen(Map.of(), "set", "-t", "vm", "--instanced").exitCode())
                .isZero();
        assertThat(flyArgs())
                .containsExactly(
                        "-t",
                        "vm",
                        "set-pipeline",
                        "-p",
                        "banana",
                        "--instance-var",
                        "branch=master",
                        "-c",
                        tmp.resolve("pipeline-gen/banana-master.yml").toString());
        assertThat(pipelineGen(Map.of(), "destroy", "-t", "vm", "--branch", "feat/gone")
                        .exitCode())
                .isZero();
        assertThat(flyArgs()).containsExactly("-t", "vm", "destroy-pipeline", "-p", "banana-feat-gone");
    }

    @Test
    void dryRunPrintsTheExactCommandAndRunsNothing() {
        Commands.Result result =
                pipelineGen(Map.of(), "set", "-t", "vm", "--branch", "master", "--dry-run", "--instanced");

        assertThat(result.exitCode()).as(result.stderr()).isZero();
        assertThat(result.stdout())
                .isEqualTo("fly -t vm set-pipeline -p banana --instance-var branch=master -c "
                        + tmp.resolve("pipeline-gen/banana-master.yml") + "\n");
        assertThat(flyLog).doesNotExist();
    }

    @Test
    void detachedHeadIsRefused() {
        git(work, "checkout", "-q", "--detach");
        String head = git(work, "rev-parse", "--short=7", "HEAD").strip();

        Commands.Result result = pipelineGen(Map.of(), "set", "-t", "vm");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.stderr())
                .isEqualTo("error: HEAD is detached (at " + head + "), so there is no branch to act on\n"
                        + "hint: check out a branch, or pass --branch\n");
        assertThat(flyLog).doesNotExist();
    }

    @Test
    void branchMissingOnTheRemoteIsRefused() {
        git(work, "checkout", "-q", "-b", "local-only");

        Commands.Result result = pipelineGen(Map.of(), "set", "-t", "vm");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.stderr())
                .isEqualTo("error: branch 'local-only' does not exist on remote 'origin' (" + remote
                        + ")\nhint: push it first: git push -u origin local-only\n");
        assertThat(flyLog).doesNotExist();
    }

    @Test
    void slugSharedWithAnotherRemoteBranchIsRefused() {
        git(work, "branch", "feat/x");
        git(work, "branch", "feat-x");
        git(work, "push", "-q", "origin", "feat/x", "feat-x");

        Commands.Result result = pipelineGen(Map.of(), "set", "-t", "vm", "--branch", "feat/x");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.stderr())
                .isEqualTo(
                        "error: branch 'feat/x' shares the slug 'feat-x' with 'feat-x' on remote"
                                + " 'origin': their pipelines and image tags would overwrite each other\nhint: rename one of the branches\n");
    }

    @Test
    void noRemoteOrAnUnreachableOneIsRefused() throws IOException {
        git(work, "remote", "rename", "origin", "upstream");

        Commands.Result noOrigin = pipelineGen(Map.of(), "set", "-t", "vm");

        assertThat(noOrigin.exitCode()).isEqualTo(1);
        assertThat(noOrigin.stderr())
                .isEqualTo("error: the repository has no remote 'origin'\n"
                        + "hint: add it with git remote add origin <url>, or pass --remote\n");

        git(work, "remote", "set-url", "upstream", temp.resolve("gone.git").toString());
        Commands.Result unreachable = pipelineGen(Map.of(), "set", "-t", "vm", "--remote", "upstream");

        assertThat(unreachable.exitCode()).isEqualTo(1);
        assertThat(unreachable.stderr())
                .startsWith(
                        "error: cannot list the branches of remote 'upstream' (" + temp.resolve("gone.git") + "): ");
        assertThat(unreachable.stderr())
                .endsWith("\nhint: check that the remote is reachable and that you may read it\n");
        assertThat(flyLog).doesNotExist();
    }

    @Test
    void missingFlyIsAClearErrorWithAHint() {
        Commands.Result result = pipelineGen(Map.of("PATH", "/usr/bin:/bin"), "set", "-t", "vm");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.stderr()).startsWith("error: fly not found on PATH\nhint: download it from your Concourse");
    }

    @Test
    void aFailingFlyFailsTheCommand() {
        Commands.Result result = pipelineGen(Map.of("FLY_EXIT", "3"), "set", "-t", "vm");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.stderr()).endsWith("error: fly exited with 3\nhint: see fly's output above\n");
    }

    @Test
    void invalidConfigStopsBeforeFly() throws IOException {
        Files.writeString(
                work.resolve("pipeline-gen.yml"),
                Files.readString(work.resolve("pipeline-gen.yml"))
                        .replace("context: ci/images/base", "context: ci/images/gone"));

        Commands.Result result = pipelineGen(Map.of(), "set", "-t", "vm");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.stderr())
                .isEqualTo("error: pipeline-gen.yml: images[0].context: directory 'ci/images/gone'"
                        + " does not exist in " + work + "\n");
        assertThat(flyLog).doesNotExist();
    }

    @Test
    void destroyNamesTheBranchPipelineEvenForADeletedBranch() {
        assertThat(pipelineGen(Map.of(), "destroy", "-t", "vm").exitCode()).isZero();
        assertThat(flyArgs()).containsExactly("-t", "vm", "destroy-pipeline", "-p", "banana/branch:master");

        Commands.Result instanced =
                pipelineGen(Map.of(), "destroy", "-t", "vm", "--branch", "feat/gone", "--non-interactive");
        assertThat(instanced.exitCode()).isZero();
        assertThat(flyArgs())
                .containsExactly("-t", "vm", "destroy-pipeline", "-p", "banana/branch:\"feat/gone\"", "-n");

        Commands.Result dry =
                pipelineGen(Map.of(), "destroy", "-t", "vm", "--branch", "feat/gone", "--dry-run", "--no-instanced");
        assertThat(dry.stdout()).isEqualTo("fly -t vm destroy-pipeline -p banana-feat-gone\n");
    }

    private Commands.Result pipelineGen(Map<String, String> extraEnv, String... args) {
        try {
            Files.deleteIfExists(flyLog);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> env = new HashMap<>();
        env.put("JAVA_HOME", System.getProperty("java.home"));
        env.put("PATH", flyDir + ":/usr/bin:/bin");
        env.put("TMPDIR", tmp.toString());
        env.put("TOOL_JAVA_OPTS", "-Djava.io.tmpdir=" + tmp);
        env.put("FLY_LOG", flyLog.toString());
        env.putAll(extraEnv);
        List<String> command = new ArrayList<>(List.of(LAUNCHER.toString()));
        command.addAll(List.of(args));
        return Commands.run(command, work, env);
    }

    private List<String> flyArgs() {
        try {
            return Files.readAllLines(flyLog);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String git(Path dir, String... args) {
        List<String> command =
                new ArrayList<>(List.of("git", "-c", "user.name=test", "-c", "user.email=test@example.com"));
        command.addAll(List.of(args));
        return Commands.run(command, dir, Map.of()).requireSuccess(command).stdout();
    }
}
