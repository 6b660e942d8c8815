package dev.dockertag.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dockertag.registry.archive.ImageArchives;
import dev.dockertag.registry.archive.ImageSource;
import dev.dockertag.registry.archive.ImageTransfer;
import dev.dockertag.registry.auth.Credentials;
import dev.dockertag.registry.auth.CredentialsProvider;
import dev.dockertag.registry.auth.DockerConfigCredentials;
import dev.dockertag.testsupport.ImageFixtures;
import dev.dockertag.testsupport.ImageFixtures.Layer;
import dev.dockertag.testsupport.LocalRegistryExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** htpasswd Basic auth on the real registry. */
class BasicAuthIT {

    @RegisterExtension
    static LocalRegistryExtension registry = LocalRegistryExtension.withBasicAuth();

    @TempDir
    Path work;

    private RepositoryClient repo(CredentialsProvider credentials) {
        return RegistryClient.builder()
                .allowPlainHttp(true)
                .credentials(credentials)
                .build()
                .repository(ImageReference.parse(registry.get().host() + "/secure/app"));
    }

    @Test
    void pushesAndReadsWithTheRightPassword() throws Exception {
        ImageFixtures fixtures = new ImageFixtures(work);
        Path layout = fixtures.layout("auth", "v1", List.of(new Layer("/s.bin", 5000, 50)));
        RepositoryClient repo = repo(CredentialsProvider.of(
                new Credentials(registry.get().username(), registry.get().password())));
        try (ImageSource source = ImageArchives.open(layout, Optional.empty())) {
            ImageTransfer.push(source, repo, List.of("v1"), Optional.empty(), ProgressListener.NONE);
        }
        assertThat(repo.listTags()).containsExactly("v1");
        assertThat(ImageFixtures.inspectRaw(registry.get(), "secure/app:v1")).contains("layer");
    }

    @Test
    void credentialsComeFromADockerConfigFile() throws Exception {
        Path config = work.resolve("config.json");
        String auth = Base64.getEncoder()
                .encodeToString(
                        (registry.get().username() + ":" + registry.get().password()).getBytes(StandardCharsets.UTF_8));
        Files.writeString(config, "{\"auths\":{\"" + registry.get().host() + "\":{\"auth\":\"" + auth + "\"}}}");
        RepositoryClient repo = repo(DockerConfigCredentials.load(config));
        assertThat(repo.resolve("does-not-exist")).isEmpty();
    }

    @Test
    void noOrWrongCredentialsAreClearErrorsWithoutTheSecret() {
        assertThatThrownBy(() -> repo(CredentialsProvider.ANONYMOUS).listTags())
                .isInstanceOfSatisfying(
                        RegistryException.class, e -> assertThat(e.status()).isEqualTo(401))
                .hasMessage("tried to list tags of " + registry.get().host()
                        + "/secure/app: 401 unauthorized: UNAUTHORIZED: authentication required (no credentials were given for "
                        + registry.get().host() + ")");
        assertThatThrownBy(() -> repo(CredentialsProvider.of(new Credentials("tester", "not-the-password")))
                        .resolve("v1"))
                .isInstanceOfSatisfying(
                        RegistryException.class, e -> assertThat(e.status()).isEqualTo(401))
                .hasMessage("tried to resolve " + registry.get().host()
                        + "/secure/app:v1: 401 unauthorized (the registry refused the credentials)")
                .message()
                .doesNotContain("not-the-password");
    }
}
