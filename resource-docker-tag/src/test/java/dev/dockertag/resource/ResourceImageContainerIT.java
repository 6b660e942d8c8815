package dev.dockertag.resource;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static dev.dockertag.resource.ResourceScripts.request;
import static dev.dockertag.resource.ResourceScripts.source;
import static dev.dockertag.resource.ResourceScripts.version;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.dockertag.testsupport.Commands;
import dev.dockertag.testsupport.ForwardProxy;
import dev.dockertag.testsupport.ImageFixtures;
import dev.dockertag.testsupport.LocalRegistry;
import dev.dockertag.testsupport.LocalRegistryExtension;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
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

    /** Stands in for AWS's STS and ECR token services, which cannot run here (as in CloudLoginIT). */
    @RegisterExtension
    static WireMockExtension aws = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort())
            .build();

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

    /**
     * The image's runtime holds only the Java modules image/modules names: a zstd layer (aircompressor, through
     * sun.misc.Unsafe) unpacks inside it as umoci unpacks it, with no warning.
     */
    @Test
    void aZstdCompressedImageUnpacksInTheImage() throws Exception {
        LocalRegistry registry = plain.get();
        Path zstd = ZstdLayouts.copy(layout, "v2", work.resolve("zstd-layout"));
        String pushed = fixtures.push(zstd, "v2", registry, "zstd/app", "master-latest", "oci");
        Path get = Files.createDirectories(work.resolve("zstd-get"));

        ResourceScripts.Run in = new ResourceImage()
                .mount(get, "/tmp/build/get")
                .run(
                        request(
                                "source",
                                source(registry, "zstd/app", "branch", "master"),
                                "version",
                                version("master-latest", pushed)),
                        "/opt/resource/in",
                        "/tmp/build/get")
                .requireSuccess();

        Path expected = work.resolve("zstd-umoci");
        Commands.run("umoci", "unpack", "--image", layout + ":v2", expected.toString());
        assertThat(ImageFixtures.inspectRaw(registry, "zstd/app:master-latest"))
                .contains("application/vnd.oci.image.layer.v1.tar+zstd");
        assertThat(TreeSnapshot.of(get.resolve("rootfs"))).isEqualTo(TreeSnapshot.of(expected.resolve("rootfs")));
        assertThat(in.stderr()).doesNotContain("WARNING", "[aot");
    }

    /**
     * An ECR login through a chain of two roles, inside the image: the AWS SDK signs with SigV4 and reads STS's XML
     * answers (module java.xml), then the ECR token opens the real registry, whose user is ECR's {@code AWS}.
     */
    @Test
    void anEcrLoginThroughTwoAssumedRolesWorksInTheImage() {
        try (LocalRegistry registry = LocalRegistry.startWithUser(work, "AWS", "ecr-password-in-image")) {
            String pushed = fixtures.push(layout, "v1", registry, "acme/app", "main-latest", "oci");
            String token =
                    Base64.getEncoder().encodeToString("AWS:ecr-password-in-image".getBytes(StandardCharsets.UTF_8));
            aws.stubFor(
                    post(urlPathEqualTo("/"))
                            .withHeader(
                                    "X-Amz-Target",
                                    equalTo("AmazonEC2ContainerRegistry_V20150921.GetAuthorizationToken"))
                            .willReturn(
                                    aResponse()
                                            .withHeader("Content-Type", "application/x-amz-json-1.1")
                                            .withBody(
                                                    "{\"authorizationData\":[{\"authorizationToken\":\"" + token
                                                            + "\",\"expiresAt\":1.9E9,"
                                                            + "\"proxyEndpoint\":\"https://123456789012.dkr.ecr.eu-west-1.amazonaws.com\"}]}")));
            for (String hop : List.of("hop", "ecr-pull")) {
                aws.stubFor(post(urlPathEqualTo("/"))
                        .withRequestBody(containing("Action=AssumeRole"))
                        .withRequestBody(containing("role%2F" + hop))
                        .willReturn(aResponse()
                                .withHeader("Content-Type", "text/xml")
                                .withBody("""
                                <AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
                                  <AssumeRoleResult>
                                    <Credentials>
                                      <AccessKeyId>ASIA%1$s</AccessKeyId>
                                      <SecretAccessKey>secret-%1$s</SecretAccessKey>
                                      <SessionToken>token-%1$s</SessionToken>
                                      <Expiration>2030-01-01T00:00:00Z</Expiration>
                                    </Credentials>
                                    <AssumedRoleUser><Arn>arn:aws:iam::1:role/%1$s</Arn><AssumedRoleId>A:d</AssumedRoleId></AssumedRoleUser>
                                  </AssumeRoleResult>
                                  <ResponseMetadata><RequestId>r-1</RequestId></ResponseMetadata>
                                </AssumeRoleResponse>
                                """.formatted(hop))));
            }
            Map<String, Object> source = new LinkedHashMap<>();
            source.put("repository", registry.host() + "/acme/app");
            source.put("insecure", true);
            source.put("branch", "main");
            source.put("aws_region", "eu-west-1");
            source.put("aws_access_key_id", "AKIABASEKEY");
            source.put("aws_secret_access_key", "base-secret");
            source.put(
                    "aws_role_arns",
                    List.of("arn:aws:iam::111111111111:role/hop", "arn:aws:iam::123456789012:role/ecr-pull"));

            ResourceScripts.Run check = new ResourceImage()
                    .env("AWS_ENDPOINT_URL_ECR", aws.baseUrl())
                    .env("AWS_ENDPOINT_URL_STS", aws.baseUrl())
                    .env("AWS_EC2_METADATA_DISABLED", "true")
                    .run(request("source", source), "/opt/resource/check")
                    .requireSuccess();

            assertThat(check.json()).hasToString("[{\"tag\":\"main-latest\",\"digest\":\"" + pushed + "\"}]");
            List<LoggedRequest> calls = aws.findAll(postRequestedFor(urlPathEqualTo("/")));
            assertThat(calls).hasSize(3);
            assertThat(calls.get(1).getHeader("Authorization")).contains("Credential=ASIAhop/");
            assertThat(calls.get(2).getHeader("Authorization")).contains("Credential=ASIAecr-pull/");
            assertThat(check.stderr()).doesNotContain("base-secret", "ecr-password-in-image", "SLF4J");
        }
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
