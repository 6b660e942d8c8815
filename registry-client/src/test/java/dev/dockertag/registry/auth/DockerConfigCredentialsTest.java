package dev.dockertag.registry.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DockerConfigCredentialsTest {

    @TempDir
    Path dir;

    private DockerConfigCredentials config(String json) throws Exception {
        Path file = dir.resolve("config.json");
        Files.writeString(file, json);
        return DockerConfigCredentials.load(file);
    }

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void readsAuthsByBareHostOrUrl() throws Exception {
        DockerConfigCredentials c = config("{\"auths\":{\"registry.example.com\":{\"auth\":\"" + b64("u:p:w") + "\"},"
                + "\"https://other.example.com\":{\"auth\":\"" + b64("o:pw") + "\"}}}");
        assertThat(c.credentialsFor("registry.example.com")).contains(new Credentials("u", "p:w"));
        assertThat(c.credentialsFor("other.example.com")).contains(new Credentials("o", "pw"));
        assertThat(c.credentialsFor("none.example.com")).isEmpty();
    }

    @Test
    void findsDockerHubUnderItsLegacyKey() throws Exception {
        DockerConfigCredentials c =
                config("{\"auths\":{\"https://index.docker.io/v1/\":{\"auth\":\"" + b64("hub:pw") + "\"}}}");
        assertThat(c.credentialsFor("index.docker.io")).contains(new Credentials("hub", "pw"));
        assertThat(c.credentialsFor("registry-1.docker.io")).contains(new Credentials("hub", "pw"));
    }

    @Test
    void identityTokenBecomesATokenCredential() throws Exception {
        DockerConfigCredentials c = config("{\"auths\":{\"r.io\":{\"identitytoken\":\"refresh-me\"}}}");
        assertThat(c.credentialsFor("r.io")).hasValueSatisfying(cred -> {
            assertThat(cred.isIdentityToken()).isTrue();
            assertThat(cred.secret()).isEqualTo("refresh-me");
        });
    }

    @Test
    void missingFileMeansNoCredentialsAndMalformedFileIsAnError() throws Exception {
        assertThat(DockerConfigCredentials.load(dir.resolve("absent.json")).credentialsFor("x.io"))
                .isEmpty();
        assertThatThrownBy(() -> config("{not json"))
                .hasMessageStartingWith("cannot read docker config " + dir.resolve("config.json"));
        DockerConfigCredentials bad = config("{\"auths\":{\"r.io\":{\"auth\":\"" + b64("nocolon") + "\"}}}");
        assertThatThrownBy(() -> bad.credentialsFor("r.io"))
                .hasMessageEndingWith("auths.r.io.auth is not base64 of user:password");
    }

    @Test
    void aMissingHelperIsAClearError() throws Exception {
        DockerConfigCredentials c = config("{\"credHelpers\":{\"r.io\":\"nosuchhelper\"}}");
        assertThatThrownBy(() -> c.credentialsFor("r.io"))
                .hasMessageContaining(
                        "names credential helper 'nosuchhelper' but docker-credential-nosuchhelper cannot be run");
    }

    @Test
    void credHelperIsAskedWithTheServerOnStdinAndPerHostHelpersWinOverCredsStore() throws Exception {
        Path helper = dir.resolve("docker-credential-fake");
        Files.writeString(
                helper,
                "#!/bin/sh\nread server\n[ \"$1\" = get ] || exit 3\n"
                        + "printf '{\"ServerURL\":\"%s\",\"Username\":\"helper-user\",\"Secret\":\"for-%s\"}' \"$server\" \"$server\"\n");
        helper.toFile().setExecutable(true);
        Path store = dir.resolve("docker-credential-store");
        Files.writeString(store, "#!/bin/sh\nread server\necho 'credentials not found in native keychain'\nexit 1\n");
        store.toFile().setExecutable(true);
        Path file = dir.resolve("helpers.json");
        Files.writeString(file, "{\"credsStore\":\"store\",\"credHelpers\":{\"r.io\":\"fake\"}}");
        DockerConfigCredentials c = DockerConfigCredentials.load(file, dir);

        assertThat(c.credentialsFor("r.io")).contains(new Credentials("helper-user", "for-r.io"));
        assertThat(c.credentialsFor("other.io")).isEmpty(); // the store says "not found": no credentials
    }

    @Test
    void explicitCredentialsComeFirstAndTheConfigFillsIn() throws Exception {
        DockerConfigCredentials file = config("{\"auths\":{\"r.io\":{\"auth\":\"" + b64("file:pw") + "\"}}}");
        CredentialsProvider explicitForOne =
                host -> host.equals("mine.io") ? Optional.of(new Credentials("me", "x")) : Optional.empty();
        CredentialsProvider combined = explicitForOne.orElse(file);
        assertThat(combined.credentialsFor("mine.io")).contains(new Credentials("me", "x"));
        assertThat(combined.credentialsFor("r.io")).contains(new Credentials("file", "pw"));
    }

    @Test
    void credentialsNeverShowTheSecret() {
        assertThat(new Credentials("user", "hunter2").toString()).doesNotContain("hunter2");
    }
}
