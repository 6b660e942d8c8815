package dev.dockertag.resource;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dockertag.testsupport.Commands;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What every script does with a request it cannot take: one clear line on stderr, exit 1, stdout empty. */
class ProtocolIT {

    @TempDir
    static Path work;

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', textBlock = """
            check | {"source": {"repository": "r.example/a", "tag": "x"}                       | error: invalid payload: malformed JSON at line 1, column 53: Unexpected end-of-input: expected close marker for Object
            check | {"source": {"repository": "r.example/a", "tag": "x", "tags": "y"}}          | error: invalid payload: unknown key 'source.tags' (did you mean 'tag'? known keys here: annotation_regex, aws_access_key_id, aws_account_id, aws_region, aws_role_arn, aws_role_arns, aws_secret_access_key, aws_session_token, azure_acr, azure_client_id, azure_client_secret, azure_environment, azure_tenant_id, branch, ca_certs, created_at_sort, debug, fallback_branch, insecure, label_regex, password, platform, pre_release_prefixes, pre_releases, registry_mirror, repository, semver_constraint, sort, tag, tag_regex, timeout, username, variant)
            check | {"source": {"repository": "r.example/a", "tag": "x"}, "params": {}}         | error: invalid payload: unknown key 'params' (known keys here: source, version)
            check | {"source": {"repository": "r.example/a", "tag": "x", "insecure": "true"}}   | error: invalid payload: 'source.insecure' must be a boolean (true or false)
            check | {"source": {"repository": "r.example/a", "tag": "x", "ca_certs": "PEM"}}    | error: invalid payload: 'source.ca_certs' must be a list
            check | {"source": {"repository": "r.example/a", "tag": "x"}, "version": {"tag": 1}} | error: invalid payload: 'version.tag' must be a string
            check | {"source": null}                                                           | error: source.repository is required
            check | {"source": {"repository": "r.example/a", "branch": "main", "tag": "x"}}     | error: source.branch and source.tag are exclusive; set only one
            check | {"source": {"repository": "r.example/a", "tag": "x", "sort": "semver"}}     | error: source.sort only applies with source.tag_regex
            check | {"source": {"repository": "r.example/a", "tag_regex": "(", "sort": "date"}} | error: source.tag_regex is not a valid regular expression: Unclosed group near index 1
            check | {"source": {"repository": "r.example/a", "branch": "///"}}                 | error: source.branch: invalid branch '///': it has no letter or digit to make a tag of
            check | {"source": {"repository": "r.example/a:v1", "tag": "x"}}                   | error: source.repository 'r.example/a:v1' includes a tag or digest
            check | {"source": {"repository": "r.example/a", "tag": "x", "username": "u"}}     | error: source.username and source.password must be given together
            check | ''                                                                         | error: invalid payload: stdin is empty; expected a JSON request such as {"source": {...}}
            check | {"source": {"repository": "r.example/a", "tag_regex": "^v", "sort": "date"}} | error: source.sort must be one of semver, natural, created; got 'date'
            check | {"source": {"repository": "r.example/a", "tag": "x", "fallback_branch": "m"}} | error: source.fallback_branch only applies with source.branch
            check | {"source": {"repository": "r.example/a", "tag": "-x"}}                      | error: source.tag '-x' is not a valid tag
            check | {"source": {"repository": "r.example/a", "tag": "x", "timeout": "10 min"}}   | error: source.timeout: '10 min' is not a duration; write it as Concourse does, e.g. 45s, 10m or 1h30m
            check | {"source": {"repository": "r.example/a", "tag": "x", "timeout": "0s"}}       | error: source.timeout must be longer than 0
            check | {"source": {"repository": "r.example/a", "tag": "x", "timeout": 30}}         | error: invalid payload: 'source.timeout' must be a string
            in    | {"source": {"repository": "r.example/a", "tag": "x"}, "version": {"tag": "x", "digest": "sha256:00"}, "params": {"format": "tar"}} | error: params.format must be one of rootfs, oci-layout, oci; got 'tar'
            in    | {"source": {"repository": "r.example/a", "tag": "x"}}                       | error: version is required: in fetches the version check found
            in    | {"source": {"repository": "r.example/a", "tag": "x"}, "version": {"tag": "x"}} | error: version.digest is required: in fetches exactly the version check found
            in    | {"source": {"repository": "r.example/a", "tag": "x"}, "version": {"tag": "x", "digest": "md5:1"}} | error: version.digest: invalid digest 'md5:1': algorithm must be sha256 or sha512
            out   | {"source": {"repository": "r.example/a", "tag": "x"}}                       | error: params.image or params.promote is required
            out   | {"source": {"repository": "r.example/a", "tag_regex": "^v"}, "params": {"image": "x"}} | error: no tag to push
            out   | {"source": {"repository": "r.example/a", "tag": "x"}, "params": {"image": "/abs/x"}} | error: params.image '/abs/x' is absolute; paths are relative to the build directory (WORK)
            """)
    void refusesBadRequestsWithAMessageNamingTheKey(String script, String request, String message) {
        String[] args = script.equals("check") ? new String[0] : new String[] {work.toString()};
        ResourceScripts.Run run = new ResourceScripts(work).run(script, request, args);

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.stdout()).isEmpty();
        assertThat(run.stderr().lines().findFirst().orElse("")).isEqualTo(message.replace("WORK", work.toString()));
    }

    @Test
    void aProcessStartedAsCheckRunsCheckLikeTheNativeBinaryBehindItsSymlinks() {
        String javaBinary =
                Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String jar = ResourceScripts.HOME.resolve("jvm/quarkus-run.jar").toString();
        Commands.Result run = Commands.run(
                List.of(
                        "bash",
                        "-c",
                        "exec -a /opt/resource/check " + javaBinary + " -jar " + jar
                                + " <<< '{\"source\": {\"branch\": \"main\"}}'"),
                work,
                Map.of());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.stderr()).startsWith("error: source.repository is required");
    }

    @Test
    void theLaunchersClassPathHoldsTheResourceAndItsLibrariesButNotQuarkusRuntime() throws Exception {
        String classPath;
        try (JarFile jar =
                new JarFile(ResourceScripts.HOME.resolve("jvm/launcher.jar").toFile())) {
            Attributes main = jar.getManifest().getMainAttributes();
            assertThat(main.getValue("Main-Class")).isEqualTo(LauncherMain.class.getName());
            classPath = main.getValue("Class-Path");
        }
        List<String> entries = List.of(classPath.split(" "));

        assertThat(entries)
                .anyMatch(e -> e.startsWith("app/resource-docker-tag-"))
                .anyMatch(e -> e.contains("registry-client"))
                .anyMatch(e -> e.contains("okhttp"));
        assertThat(entries)
                .noneMatch(e -> e.contains("io.quarkus") || e.contains("jboss") || e.startsWith("lib/boot/"));
        assertThat(entries)
                .allMatch(e ->
                        Files.isRegularFile(ResourceScripts.HOME.resolve("jvm").resolve(e)));
    }

    @Test
    void helpGoesToStderrSoStdoutStaysCleanForConcourse() {
        ResourceScripts.Run run = new ResourceScripts(work).run("check", "", "--help");

        assertThat(run.exitCode()).isZero();
        assertThat(run.stdout()).isEmpty();
        assertThat(run.stderr()).contains("Usage: resource-docker-tag check");
    }
}
