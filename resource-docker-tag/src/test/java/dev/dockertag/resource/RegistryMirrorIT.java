package dev.dockertag.resource;

import static dev.dockertag.resource.ResourceScripts.request;
import static dev.dockertag.resource.ResourceScripts.version;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dockertag.testsupport.ForwardProxy;
import dev.dockertag.testsupport.ImageFixtures;
import dev.dockertag.testsupport.LocalRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code registry_mirror} with the packaged scripts: a Docker Hub image ({@code acme/app}, no registry named) is read
 * from the mirror (a local registry) when it has it, and from Docker Hub when it does not. Docker Hub cannot be reached
 * here: a second local registry stands in for it, reached the way a company's proxy would send it, through an HTTP
 * proxy that sends registry-1.docker.io there.
 */
class RegistryMirrorIT {

    @TempDir
    Path work;

    LocalRegistry hub;
    LocalRegistry mirror;
    ForwardProxy proxy;
    ImageFixtures fixtures;
    ResourceScripts scripts;

    @BeforeEach
    void start() {
        hub = LocalRegistry.start(work, false, false);
        mirror = LocalRegistry.start(work, false, false);
        proxy = ForwardProxy.start().redirect("registry-1.docker.io", hub.host());
        fixtures = new ImageFixtures(work);
        scripts = new ResourceScripts(work).withEnvironment(Map.of("HTTP_PROXY", proxy.url(), "NO_PROXY", "127.0.0.1"));
    }

    @AfterEach
    void stop() {
        proxy.close();
        hub.close();
        mirror.close();
    }

    private Map<String, Object> source(String branch) {
        Map<String, Object> source = new LinkedHashMap<>();
        source.put("repository", "acme/app");
        source.put("insecure", true);
        source.put("branch", branch);
        source.put("registry_mirror", Map.of("host", mirror.host()));
        return source;
    }

    private boolean hubWasAsked() {
        return proxy.requests().stream().anyMatch(r -> r.contains("registry-1.docker.io"));
    }

    @Test
    void whatTheMirrorHasIsReadThereAndDockerHubIsNotAsked() throws IOException {
        Path layout = fixtures.layout("a", "v", List.of(new ImageFixtures.Layer("/a.bin", 2048, 1)));
        String digest = fixtures.push(layout, "v", mirror, "acme/app", "main-latest", "oci");
        fixtures.push(layout, "v", hub, "acme/app", "main-latest", "oci");
        Path got = Files.createDirectories(work.resolve("got"));

        ResourceScripts.Run check =
                scripts.run("check", request("source", source("main"))).requireSuccess();
        ResourceScripts.Run in = scripts.run(
                        "in",
                        request("source", source("main"), "version", version("main-latest", digest)),
                        got.toString())
                .requireSuccess();

        assertThat(check.json().toString()).isEqualTo("[{\"tag\":\"main-latest\",\"digest\":\"" + digest + "\"}]");
        assertThat(check.stderr()).contains("read acme/app through registry_mirror " + mirror.host());
        assertThat(in.stderr()).contains("read acme/app through registry_mirror " + mirror.host());
        assertThat(got.resolve("digest")).hasContent(digest);
        assertThat(hubWasAsked()).as(String.join("\n", proxy.requests())).isFalse();
    }

    @Test
    void whatTheMirrorLacksIsReadFromDockerHubAndOutNeverUsesTheMirror() throws IOException {
        Path layout = fixtures.layout("b", "v", List.of(new ImageFixtures.Layer("/b.bin", 2048, 2)));
        String digest = fixtures.push(layout, "v", hub, "acme/app", "feat-x-latest", "oci");
        Path got = Files.createDirectories(work.resolve("got"));
        Path build = Files.createDirectories(work.resolve("build"));
        ImageFixtures.skopeoCopy("oci:" + layout + ":v", "oci:" + build.resolve("image") + ":latest");

        ResourceScripts.Run check =
                scripts.run("check", request("source", source("feat/x"))).requireSuccess();
        ResourceScripts.Run in = scripts.run(
                        "in",
                        request("source", source("feat/x"), "version", version("feat-x-latest", digest)),
                        got.toString())
                .requireSuccess();
        scripts.run("out", request("source", source("feat/y"), "params", Map.of("image", "image")), build.toString())
                .requireSuccess();

        assertThat(check.json().toString()).isEqualTo("[{\"tag\":\"feat-x-latest\",\"digest\":\"" + digest + "\"}]");
        assertThat(check.stderr())
                .contains("registry_mirror " + mirror.host() + " does not have it; reading Docker Hub");
        assertThat(in.stderr()).contains("registry_mirror " + mirror.host() + " does not have it; reading Docker Hub");
        assertThat(got.resolve("digest")).hasContent(digest);
        assertThat(hubWasAsked()).isTrue();
        assertThat(ImageFixtures.inspectRaw(hub, "acme/app:feat-y-latest")).contains("\"layers\"");
        assertThat(mirror.requests())
                .noneMatch(r -> r.method().equals("PUT") || r.method().equals("POST"));
    }
}
