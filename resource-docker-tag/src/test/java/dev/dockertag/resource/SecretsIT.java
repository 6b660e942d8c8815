package dev.dockertag.resource;

import static dev.dockertag.resource.ResourceScripts.request;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dockertag.testsupport.AwkwardSecrets;
import dev.dockertag.testsupport.EchoingRegistry;
import dev.dockertag.testsupport.ImageFixtures;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * A registry that gives the credentials back in its refusal ({@link EchoingRegistry}: decoded, JSON-escaped,
 * URL-encoded, and the {@code Authorization} header), and passwords of every shape (several lines, as a GAR service
 * account's JSON key is; quotes, backslashes, non-ASCII, shell metacharacters): the packaged check, in and out, run as
 * Concourse runs them, with and without {@code debug}, print no line of the password on stdout or stderr, nor the Basic
 * credential it makes.
 */
class SecretsIT {

    static EchoingRegistry registry;
    static Path work;
    static ResourceScripts scripts;

    @BeforeContainer
    static void start() throws IOException {
        registry = EchoingRegistry.start();
        work = Files.createTempDirectory("secrets-it-");
        scripts = new ResourceScripts(Files.createDirectories(work.resolve("tmp")));
        Path layout = new ImageFixtures(work).layout("image", "v", List.of(new ImageFixtures.Layer("/a.bin", 512, 1)));
        Files.createDirectories(work.resolve("build"));
        ImageFixtures.skopeoCopy(
                "oci:" + layout + ":v", "docker-archive:" + work.resolve("build/image.tar") + ":app:v");
    }

    @AfterContainer
    static void stop() {
        registry.close();
    }

    @Provide
    Arbitrary<String> passwords() {
        return AwkwardSecrets.of(10, 16);
    }

    @Property(tries = 8)
    void noScriptPrintsALineOfThePasswordWhateverTheRegistryEchoes(
            @ForAll("passwords") String password, @ForAll boolean debug) {
        Map<String, Object> source = new LinkedHashMap<>();
        source.put("repository", registry.host() + "/team/app");
        source.put("insecure", true);
        source.put("tag", "1.0.0");
        source.put("username", "robot");
        source.put("password", password);
        source.put("debug", debug);
        Map<String, String> version = Map.of("tag", "1.0.0", "digest", "sha256:" + "1".repeat(64));

        List<ResourceScripts.Run> runs = List.of(
                scripts.run("check", request("source", source)),
                scripts.run(
                        "in",
                        request("source", source, "version", version, "params", Map.of("skip_download", true)),
                        directory("in").toString()),
                scripts.run(
                        "out",
                        request("source", source, "params", Map.of("image", "image.tar")),
                        work.resolve("build").toString()));

        assertThat(registry.received())
                .as("the registry was given the password")
                .contains("robot:" + password);
        String basic = Base64.getEncoder().encodeToString(("robot:" + password).getBytes(StandardCharsets.UTF_8));
        for (ResourceScripts.Run run : runs) {
            assertThat(run.exitCode()).isEqualTo(1);
            String printed = run.stdout() + run.stderr();
            assertThat(printed).contains("error: ").doesNotContain(basic);
            for (String line : password.split("\r\n|\r|\n")) {
                if (line.strip().length() >= 4) {
                    assertThat(printed).as("a line of the password").doesNotContain(line.strip());
                }
            }
        }
    }

    private static Path directory(String name) {
        try {
            Path dir = work.resolve(name + "-" + System.nanoTime());
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
