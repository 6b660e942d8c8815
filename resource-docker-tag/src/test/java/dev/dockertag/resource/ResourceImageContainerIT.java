package dev.dockertag.resource;

import static dev.dockertag.resource.ResourceScripts.request;
import static dev.dockertag.resource.ResourceScripts.source;
import static dev.dockertag.resource.ResourceScripts.version;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dockertag.testsupport.Commands;
import dev.dockertag.testsupport.ForwardProxy;
import dev.dockertag.testsupport.ImageFixtures;
import dev.dockertag.testsupport.LocalRegistry;
import dev.dockertag.testsupport.LocalRegistryExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The resource image ({@code bin/image}) run as a Concourse worker runs it: {@code podman run -i} of
 * {@code /opt/resource/check}, {@code in DIR} and {@code out DIR} with the request on stdin and the build directory
 * mounted, against real registries on 127.0.0.1 (the host's network). Run by {@code bin/test-image}
 * ({@code -Pcontainer-tests}), after the image is built.
 */
class ResourceImageContainerIT {

    static final String COMMIT = "0c0ffee0c0ffee0c0ffee0c0ffee0c0ffee0c0ff";

    @RegisterExtension
    static LocalRegistryExtension plain = LocalRegistryExtension.anonymous();

    @RegisterExtension
    static LocalRegistryExtension htpasswd = LocalRegistryExtension.withBasicAuth();

    @TempDir
    static Path work;

    static ImageFixtures fixtures;
    static Path layout;
    static LocalRegistry tls;

    @BeforeAll
    static void images() {
        fixtures = new ImageFixtures(work);
        layout = fixtures.layout(
                "app",
                "v1",
                List.of(
                        new ImageFixtures.Layer("/usr/share/app/base.bin", 300_000, 1),
                        new ImageFixtures.Layer("/usr/share/app/app.bin", 40_000, 2)));
        fixtures.layout(
                "app",
                "v2",
                List.of(
                        new ImageFixtures.Layer("/usr/share/app/base.bin", 300_000, 1),
                        new ImageFixtures.Layer("/usr/share/app/app.bin", 40_000, 3)));
        tls = LocalRegistry.startTls(work, false);
    }

    @AfterAll
    static void stop() {
        tls.close();
    }

    private static Map<String, Object> checkRequest(LocalRegistry registry, String repository) {
        return request("source", source(registry, repository, "branch", "master"));
    }

    /** A put's build directory: the image as an OCI layout and the commit, as a task leaves them. */
    private static Path buildDirectory(String name, String tag) throws IOException {
        Path build = Files.createDirectories(work.resolve(name));
        Commands.run(
                "skopeo", "copy", "--quiet", "oci:" + layout + ":" + tag, "oci:" + build.resolve("image") + ":" + tag);
        Files.writeString(build.resolve("commit"), COMMIT + "\n");
        return build;
    }

    private void checkGetAndPut(LocalRegistry registry, String repository) throws IOException {
        String pushed = fixtures.push(layout, "v1", registry, repository, "master-latest", "oci");

        ResourceScripts.Run check = new ResourceImage()
                .run(checkRequest(registry, repository), "/opt/resource/check")
                .requireSuccess();
        assertThat(check.json()).hasToString("[{\"tag\":\"master-latest\",\"digest\":\"" + pushed + "\"}]");
        assertThat(check.stderr()).as("the JVM accepts the image's AOT cache").doesNotContain("[aot]");

        Path get = Files.createDirectories(work.resolve(repository + "-get"));
        ResourceScripts.Run in = new ResourceImage()
                .mount(get, "/tmp/build/get")
                .run(
                        request(
                                "source",
                                source(registry, repository, "branch", "master"),
                                "version",
                                version("master-latest", pushed)),
                        "/opt/resource/in",
                        "/tmp/build/get")
                .requireSuccess();
        Path expected = work.resolve(repository + "-umoci");
        Commands.run("umoci", "unpack", "--image", layout + ":v1", expected.toString());
        assertThat(TreeSnapshot.of(get.resolve("rootfs")))
                .isEqualTo(TreeSnapshot.of(expected.resolve("rootfs")))
                .anyMatch(line -> line.startsWith("usr/share/app/app.bin file "));
        assertThat(in.json().get("version")).hasToString("{\"tag\":\"master-latest\",\"digest\":\"" + pushed + "\"}");
        assertThat(ResourceScripts.JSON
                        .readTree(get.resolve("metadata.json").toFile())
                        .has("env"))
                .isTrue();
        assertThat(get.resolve("digest")).hasContent(pushed);

        Path put = buildDirectory(repository + "-put", "v2");
        ResourceScripts.Run out = new ResourceImage()
                .mount(put, "/tmp/build/put")
                .run(
                        request(
                                "source", source(registry, repository, "branch", "master"),
                                "params", Map.of("image", "image", "commit_file", "commit")),
                        "/opt/resource/out",
                        "/tmp/build/put")
                .requireSuccess();
        String putDigest = out.json().get("version").get("digest").asText();
        assertThat(putDigest).isNotEqualTo(pushed);
        assertThat(ImageFixtures.inspectRaw(registry, repository + ":" + COMMIT))
                .isEqualTo(ImageFixtures.inspectRaw(registry, repository + ":master-latest"));
        assertThat(new ResourceImage()
                        .run(
                                request(
                                        "source",
                                        source(registry, repository, "branch", "master"),
                                        "version",
                                        version("master-latest", pushed)),
                                "/opt/resource/check")
                        .requireSuccess()
                        .json())
                .hasToString("[{\"tag\":\"master-latest\",\"digest\":\"" + pushed + "\"},"
                        + "{\"tag\":\"master-latest\",\"digest\":\"" + putDigest + "\"}]");
    }

    @Test
    void checkInAndOutWorkInTheImageAgainstAPlainRegistry() throws IOException {
        checkGetAndPut(plain.get(), "plain/app");
    }

    @Test
    void checkInAndOutWorkInTheImageAgainstARegistryWithHtpasswd() throws IOException {
        checkGetAndPut(htpasswd.get(), "private/app");
    }

    @Test
    void aTlsRegistryIsTrustedThroughTheWorkersCertificatesMountedAtEtcSslCerts() throws IOException {
        String pushed = fixtures.push(layout, "v1", tls, "secure/app", "master-latest", "oci");
        Map<String, Object> check =
                request("source", Map.of("repository", tls.host() + "/secure/app", "branch", "master"));

        ResourceScripts.Run refused = new ResourceImage().run(check, "/opt/resource/check");
        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.stdout()).isEmpty();
        assertThat(refused.stderr())
                .startsWith("error: tried to resolve " + tls.host() + "/secure/app:master-latest: TLS with "
                        + tls.host() + " failed: ");

        Path workerCerts = Files.createDirectories(work.resolve("worker-certs"));
        Files.writeString(
                workerCerts.resolve("ca-certificates.crt"), tls.certificates().caPem());
        ResourceScripts.Run trusted =
                new ResourceImage().mount(workerCerts, "/etc/ssl/certs").run(check, "/opt/resource/check");
        assertThat(trusted.requireSuccess().json())
                .hasToString("[{\"tag\":\"master-latest\",\"digest\":\"" + pushed + "\"}]");
    }

    @Test
    void proxySettingsInTheContainersEnvironmentAreHonoured() {
        LocalRegistry registry = plain.get();
        fixtures.push(layout, "v1", registry, "proxied/app", "master-latest", "oci");
        try (ForwardProxy proxy = ForwardProxy.start()) {
            new ResourceImage()
                    .env("http_proxy", proxy.url())
                    .env("https_proxy", proxy.url())
                    .run(checkRequest(registry, "proxied/app"), "/opt/resource/check")
                    .requireSuccess();
            assertThat(proxy.requests())
                    .contains("HEAD http://" + registry.host() + "/v2/proxied/app/manifests/master-latest HTTP/1.1");

            int seen = proxy.requests().size();
            new ResourceImage()
                    .env("http_proxy", proxy.url())
                    .env("https_proxy", proxy.url())
                    .env("no_proxy", "localhost,127.0.0.1")
                    .run(checkRequest(registry, "proxied/app"), "/opt/resource/check")
                    .requireSuccess();
            assertThat(proxy.requests()).hasSize(seen);
        }
    }

    @Test
    void aBadRequestIsAClearErrorOnStderrAndNothingOnStdout() {
        ResourceScripts.Run run =
                new ResourceImage().run("{\"source\":{\"branch\":\"master\"}}", "/opt/resource/check");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.stdout()).isEmpty();
        assertThat(run.stderr())
                .isEqualTo("error: source.repository is required\n"
                        + "hint: set it to the image repository, e.g. registry.example.com/acme/app\n");
    }

    @Test
    void pipelineGenRendersInTheImageAsItDoesOnTheHost() throws IOException {
        Path example = Path.of("../examples/banana").toAbsolutePath().normalize();
        Path hostOut = work.resolve("host-pipeline.yml");
        Commands.Result host = Commands.run(
                List.of(
                        "../bin/pipeline-gen",
                        "render",
                        "--config",
                        example.resolve("pipeline-gen.yml").toString(),
                        "--branch",
                        "master",
                        "-o",
                        hostOut.toString()),
                null,
                Map.of());
        assertThat(host.exitCode()).as(host.stderr()).isZero();

        ResourceScripts.Run inImage = new ResourceImage()
                .mount(example, "/src")
                .run("", "sh", "-c", "cd /src && pipeline-gen render --config pipeline-gen.yml --branch master");

        assertThat(inImage.requireSuccess().stdout())
                .isEqualTo(Files.readString(hostOut))
                .contains("resource_types:");
    }

    @Test
    void reaperPlansInTheImageAsItDoesOnTheHost() throws IOException {
        LocalRegistry registry = plain.get();
        Path git = work.resolve("reaper-git");
        Path remote = git.resolve("app.git");
        Path clone = git.resolve("app");
        Commands.run("git", "init", "-q", "--bare", "-b", "master", remote.toString());
        Commands.run("git", "init", "-q", "-b", "master", clone.toString());
        Commands.run(
                "git",
                "-C",
                clone.toString(),
                "-c",
                "user.name=t",
                "-c",
                "user.email=t@example.com",
                "commit",
                "-q",
                "--allow-empty",
                "-m",
                "one");
        Commands.run("git", "-C", clone.toString(), "push", "-q", remote.toString(), "master");
        fixtures.push(layout, "v1", registry, "reaped/app", "master-latest", "oci");
        fixtures.push(layout, "v2", registry, "reaped/app", "gone-branch-latest", "oci");
        Path config = git.resolve("reaper.yml");
        Files.writeString(config, """
                git: {uri: %s}
                registry: {insecure: true}
                repositories: [%s/reaped/app]
                main_branch: master
                """.formatted(remote.toUri(), registry.host()));

        Commands.Result host = Commands.run(List.of("../bin/reaper", "plan", "-c", config.toString()), null, Map.of());
        ResourceScripts.Run inImage =
                new ResourceImage().mount(git, git.toString()).run("", "reaper", "plan", "-c", config.toString());

        assertThat(host.exitCode()).as(host.stderr()).isZero();
        assertThat(inImage.requireSuccess().stdout()).isEqualTo(host.stdout()).contains("gone-branch-latest");
    }
}
