package dev.dockertag.resource;

import static dev.dockertag.resource.ResourceScripts.request;
import static dev.dockertag.resource.ResourceScripts.version;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dockertag.testsupport.FaultProxy;
import dev.dockertag.testsupport.ImageFixtures;
import dev.dockertag.testsupport.LocalRegistry;
import dev.dockertag.testsupport.LocalRegistryExtension;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged scripts against a registry that misbehaves: the real registry (with htpasswd) behind {@link FaultProxy}.
 * Each test asserts the exit code, a generous time bound, the exact first error line, what the registry holds
 * afterwards and what is left in the destination.
 */
class FaultsIT {

    static final String COMMIT = "4f1c2a9e8b7d6c5e4f3a2b1c0d9e8f7a6b5c4d3e";

    @RegisterExtension
    static LocalRegistryExtension registryExtension = LocalRegistryExtension.withBasicAuth();

    @TempDir
    static Path work;

    static ImageFixtures fixtures;
    static ResourceScripts scripts;
    static Path layout;
    static String digest;
    static String configDigest;
    static String layerDigest;

    FaultProxy proxy;

    @BeforeAll
    static void image() throws IOException {
        LocalRegistry registry = registryExtension.get();
        fixtures = new ImageFixtures(work);
        scripts = new ResourceScripts(work);
        layout = fixtures.layout("faults", "v", List.of(new ImageFixtures.Layer("/data.bin", 300_000, 31)));
        digest = fixtures.push(layout, "v", registry, "faults/app", "master-latest", "oci");
        JsonNode manifest =
                ResourceScripts.JSON.readTree(ImageFixtures.inspectRaw(registry, "faults/app:master-latest"));
        configDigest = manifest.get("config").get("digest").asText();
        layerDigest = manifest.get("layers").get(0).get("digest").asText();
    }

    @BeforeEach
    void relay() {
        proxy = FaultProxy.to(registryExtension.get().host());
    }

    @AfterEach
    void closeRelay() {
        proxy.close();
    }

    private Map<String, Object> source(String repository, Object... keyValues) {
        LocalRegistry registry = registryExtension.get();
        Map<String, Object> source = new LinkedHashMap<>();
        source.put("repository", proxy.host() + "/" + repository);
        source.put("insecure", true);
        source.put("username", registry.username());
        source.put("password", registry.password());
        source.put("branch", "master");
        for (int i = 0; i < keyValues.length; i += 2) {
            source.put((String) keyValues[i], keyValues[i + 1]);
        }
        return source;
    }

    private static Path emptyDirectory(String name) throws IOException {
        return Files.createDirectories(work.resolve(name));
    }

    /** The first {@code error:} line (progress lines come before it). */
    private static String firstLine(String stderr) {
        return stderr.lines().filter(l -> l.startsWith("error: ")).findFirst().orElse(stderr);
    }

    private static String manifestDigest(LocalRegistry registry, String reference) {
        return "sha256:"
                + ImageFixtures.sha256(
                        ImageFixtures.inspectRaw(registry, reference).getBytes(StandardCharsets.UTF_8));
    }

    private record Timed(ResourceScripts.Run run, Duration took) {}

    private static Timed timed(Supplier<ResourceScripts.Run> script) {
        long start = System.nanoTime();
        ResourceScripts.Run run = script.get();
        return new Timed(run, Duration.ofNanos(System.nanoTime() - start));
    }

    // ---------------------------------------------------------------------------------- 1. deadlines

    @Test
    void inEndsAtItsDeadlineWhenABlobTricklesAndLeavesNothing() throws IOException {
        proxy.trickle("^GET /v2/faults/app/blobs/", Duration.ofMillis(100), FaultProxy.ALWAYS);
        Path destination = emptyDirectory("trickled");

        Timed in = timed(() -> scripts.run(
                "in",
                request("source", source("faults/app", "timeout", "5s"), "version", version("master-latest", digest)),
                destination.toString()));

        assertThat(in.run().exitCode()).isEqualTo(1);
        assertThat(in.run().stdout()).isEmpty();
        assertThat(firstLine(in.run().stderr()))
                .isEqualTo("error: timed out: source.timeout (5s) ran out while GET http://" + proxy.host()
                        + "/v2/faults/app/blobs/" + configDigest + " was in flight");
        assertThat(in.run().stderr()).contains("hint: set a longer source.timeout");
        assertThat(in.took()).isBetween(Duration.ofSeconds(5), Duration.ofSeconds(30));
        assertThat(destination).isEmptyDirectory();
    }

    @Test
    void checkEndsAtItsDeadlineWhenTheRegistryNeverAnswers() {
        proxy.stallBeforeHeaders("/manifests/", FaultProxy.ALWAYS);

        Timed check = timed(() -> scripts.run("check", request("source", source("faults/app", "timeout", "3s"))));

        assertThat(check.run().exitCode()).isEqualTo(1);
        assertThat(check.run().stdout()).isEmpty();
        assertThat(firstLine(check.run().stderr()))
                .isEqualTo("error: timed out: source.timeout (3s) ran out while HEAD http://" + proxy.host()
                        + "/v2/faults/app/manifests/master-latest was in flight");
        // two attempts stall for a quarter of the timeout each; the deadline ends the check before a
        // third whose backoff would outlast it
        assertThat(check.took()).isBetween(Duration.ofMillis(1500), Duration.ofSeconds(25));
    }

    @Test
    void aStalledDownloadIsAFailedAttemptThatTheNextOneResumes() throws IOException {
        proxy.stallAfter("^GET /v2/faults/app/blobs/" + layerDigest, 100_000, 1);
        Path destination = emptyDirectory("stalled-once");

        Timed in = timed(() -> scripts.run(
                "in",
                request("source", source("faults/app", "timeout", "8s"), "version", version("master-latest", digest)),
                destination.toString()));

        in.run().requireSuccess();
        assertThat(proxy.faulted()).containsExactly("STALL_AFTER GET /v2/faults/app/blobs/" + layerDigest);
        // the stall limit is a quarter of the 8 s deadline: the first attempt is given up after 2 s
        assertThat(in.took()).isBetween(Duration.ofSeconds(2), Duration.ofSeconds(30));
        assertThat(Files.size(destination.resolve("rootfs/data.bin"))).isEqualTo(300_000);
        assertThat(destination.toFile().list()).noneMatch(name -> name.startsWith(".resource-in-"));
    }

    @Test
    void sigtermStopsInAndDeletesItsStagingDirectory() throws Exception {
        proxy.stallAfter("^GET /v2/faults/app/blobs/" + layerDigest, 50_000, FaultProxy.ALWAYS);
        Path destination = emptyDirectory("terminated");

        ResourceScripts.Started in = scripts.start(
                "in",
                request("source", source("faults/app"), "version", version("master-latest", digest)),
                destination.toString());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (proxy.faulted().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(proxy.faulted())
                .as("the layer download has begun and stalls")
                .isNotEmpty();
        assertThat(destination.toFile().list()).anyMatch(name -> name.startsWith(".resource-in-"));

        in.process().destroy(); // SIGTERM, as Concourse sends when a build is aborted
        assertThat(in.process().waitFor(30, TimeUnit.SECONDS))
                .as("in ends within 30 s of SIGTERM")
                .isTrue();

        assertThat(in.process().exitValue()).isNotZero();
        assertThat(Files.readString(in.stdout())).isEmpty();
        String stderr = Files.readString(in.stderr());
        assertThat(firstLine(stderr)).as(stderr).startsWith("error: stopped by SIGTERM while ");
        assertThat(destination).isEmptyDirectory();
    }

    // ------------------------------------------------------------------------------- 2. atomic put

    @Test
    void aFailedPutLeavesTheTrackedTagWhereItWasAndPrintsNoVersion() throws IOException {
        LocalRegistry registry = registryExtension.get();
        String before = fixtures.push(layout, "v", registry, "faults/put", "master-latest", "oci");
        Path build = Files.createDirectories(work.resolve("put-build"));
        Path other = fixtures.layout("other", "v", List.of(new ImageFixtures.Layer("/other.bin", 10_000, 77)));
        ImageFixtures.skopeoCopy("oci:" + other + ":v", "oci:" + build.resolve("image") + ":latest");
        Files.writeString(build.resolve("commit"), COMMIT + "\n");
        proxy.status("^PUT /v2/faults/put/manifests/" + COMMIT + "$", 500, FaultProxy.ALWAYS);

        Timed out = timed(() -> scripts.run(
                "out",
                request(
                        "source",
                        source("faults/put", "timeout", "1m"),
                        "params",
                        Map.of("image", "image", "commit_file", "commit")),
                build.toString()));

        assertThat(out.run().exitCode()).isEqualTo(1);
        assertThat(out.run().stdout()).isEmpty();
        assertThat(firstLine(out.run().stderr()))
                .isEqualTo("error: tried to push manifest " + proxy.host() + "/faults/put:" + COMMIT
                        + ": 500 internal server error: UNAVAILABLE: injected 500");
        assertThat(out.took()).isLessThan(Duration.ofSeconds(40));
        assertThat(proxy.requests().stream().filter(r -> r.startsWith("PUT /v2/faults/put/manifests/master-latest")))
                .as("the tracked tag is pushed last, so never after a failure")
                .isEmpty();
        assertThat(manifestDigest(registry, "faults/put:master-latest")).isEqualTo(before);
    }

    @Test
    void anUploadRefusedForeverCostsFiveAttemptsPerBlobAndStopsTheOtherBlobs() throws IOException {
        Path build = Files.createDirectories(work.resolve("refused-build"));
        Path seven = fixtures.layout(
                "seven",
                "v",
                List.of(
                        new ImageFixtures.Layer("/1.bin", 5_000, 1),
                        new ImageFixtures.Layer("/2.bin", 5_000, 2),
                        new ImageFixtures.Layer("/3.bin", 5_000, 3),
                        new ImageFixtures.Layer("/4.bin", 5_000, 4),
                        new ImageFixtures.Layer("/5.bin", 5_000, 5),
                        new ImageFixtures.Layer("/6.bin", 5_000, 6)));
        ImageFixtures.skopeoCopy("oci:" + seven + ":v", "oci:" + build.resolve("image") + ":latest");
        Files.writeString(build.resolve("commit"), COMMIT + "\n");
        proxy.status("^POST /v2/faults/refused/blobs/uploads/", 503, FaultProxy.ALWAYS);

        Timed out = timed(() -> scripts.run(
                "out",
                request(
                        "source",
                        source("faults/refused", "timeout", "2m"),
                        "params",
                        Map.of("image", "image", "commit_file", "commit")),
                build.toString()));

        assertThat(out.run().exitCode()).isEqualTo(1);
        assertThat(out.run().stdout()).isEmpty();
        assertThat(firstLine(out.run().stderr()))
                .startsWith("error: tried to upload blob sha256:")
                .endsWith(
                        " to " + proxy.host() + "/faults/refused: 503 service unavailable: UNAVAILABLE: injected 503");
        List<String> posts = proxy.requests().stream()
                .filter(r -> r.startsWith("POST /v2/faults/refused/blobs/uploads/"))
                .toList();
        List<String> blobsStarted = proxy.requests().stream()
                .filter(r -> r.startsWith("HEAD /v2/faults/refused/blobs/"))
                .distinct()
                .toList(); // a HEAD may be sent twice: first without credentials, then with them
        // 5 attempts for the blob that fails first, each POST sent once (this was 97 POSTs when the
        // requests were retried inside each attempt too); the blobs running beside it stop, the rest never start
        assertThat(blobsStarted)
                .as("at most 4 blobs at once, and none after the first failure")
                .hasSizeBetween(1, 4);
        assertThat(posts).hasSizeBetween(5, 5 * blobsStarted.size());
        assertThat(out.took()).isLessThan(Duration.ofSeconds(40));
    }

    @Test
    void aDroppedUploadStartsOverAndThePutCompletes() throws IOException {
        ResourceScripts.Run out = putDroppingOneUpload("upload", "PUT", "oci:%s:latest", "image");

        assertThat(manifestDigest(registryExtension.get(), "faults/upload:master-latest"))
                .isEqualTo(out.json().get("version").get("digest").asText());
    }

    @Test
    void aDroppedStreamedLayerStartsOverAndThePutOfADockerSaveCompletes() throws IOException {
        ResourceScripts.Run out = putDroppingOneUpload("stream", "PATCH", "docker-archive:%s:app:build", "image.tar");

        LocalRegistry registry = registryExtension.get();
        assertThat(out.stderr()).contains("with gzip while uploading them");
        assertThat(manifestDigest(registry, "faults/stream:master-latest"))
                .isEqualTo(out.json().get("version").get("digest").asText());
        ImageFixtures.skopeoCopy(
                "docker://" + registry.host() + "/faults/stream:master-latest",
                "oci:" + work.resolve("stream-pulled") + ":x",
                "--src-creds",
                registry.username() + ":" + registry.password());
    }

    /**
     * Puts a fresh image, saved with skopeo as {@code target} (a format with {@code %s} for the path of {@code image}
     * in the build directory), into {@code faults/<name>} while the proxy drops the first {@code method} of a blob
     * upload; the put must succeed with that one fault taken.
     */
    private ResourceScripts.Run putDroppingOneUpload(String name, String method, String target, String image)
            throws IOException {
        Path build = Files.createDirectories(work.resolve("dropped-" + name));
        Path fresh = fixtures.layout(name, "v", List.of(new ImageFixtures.Layer("/" + name + ".bin", 300_000, 91)));
        ImageFixtures.skopeoCopy("oci:" + fresh + ":v", target.formatted(build.resolve(image)));
        proxy.dropUpload("^" + method + " /v2/faults/" + name + "/blobs/uploads/", 1);

        ResourceScripts.Run out = scripts.run(
                        "out",
                        request("source", source("faults/" + name), "params", Map.of("image", image)),
                        build.toString())
                .requireSuccess();

        assertThat(proxy.faulted())
                .hasSize(1)
                .allMatch(f -> f.startsWith("DROP_UPLOAD " + method + " /v2/faults/" + name + "/blobs/uploads/"));
        return out;
    }

    @Test
    void aFewServerErrorsAreRetriedAndTheCheckSucceeds() {
        proxy.status("^HEAD /v2/faults/app/manifests/master-latest$", 503, 2);

        ResourceScripts.Run check =
                scripts.run("check", request("source", source("faults/app"))).requireSuccess();

        assertThat(check.json().get(0).get("digest").asText()).isEqualTo(digest);
        assertThat(proxy.faulted()).hasSize(2);
    }

    // ------------------------------------------------------------------------------ 4. redaction

    @Test
    void anErrorBodyThatEchoesTheRequestHeadersNeverShowsTheCredentials() throws IOException {
        LocalRegistry registry = registryExtension.get();
        scripts.run("check", request("source", source("faults/app"))).requireSuccess(); // learns: Basic up front
        proxy.echoHeaders("^GET /v2/faults/app/manifests/", 400, FaultProxy.ALWAYS);
        Path destination = emptyDirectory("echoed");

        ResourceScripts.Run in = scripts.run(
                "in",
                request(
                        "source",
                        source("faults/app", "debug", true),
                        "version",
                        version("master-latest", digest),
                        "params",
                        Map.of("skip_download", true)),
                destination.toString());

        assertThat(in.exitCode()).isEqualTo(1);
        assertThat(proxy.faulted()).hasSize(1);
        String basic = Base64.getEncoder()
                .encodeToString((registry.username() + ":" + registry.password()).getBytes(StandardCharsets.UTF_8));
        assertThat(firstLine(in.stderr()))
                .startsWith("error: tried to fetch manifest " + proxy.host() + "/faults/app@" + digest
                        + ": 400 bad request: 400 Bad Request ")
                .contains(" Authorization: Basic **** ");
        assertThat(in.stderr()).doesNotContain(registry.password()).doesNotContain(basic);
        assertThat(destination).isEmptyDirectory();
    }

    // ------------------------------------------------------------------------------ 6. bounded echo

    @Test
    void aHugeRepositoryValueIsQuotedCut() {
        ResourceScripts.Run check = scripts.run(
                "check",
                request(
                        "source",
                        Map.of("repository", "r.example/" + "a".repeat(200_000) + ":tag", "branch", "master")));

        assertThat(check.exitCode()).isEqualTo(1);
        assertThat(check.stderr().lines().toList()).allMatch(line -> line.length() < 500);
        assertThat(firstLine(check.stderr()))
                .startsWith("error: source.repository")
                .contains("…");
    }

    // ----------------------------------------------------------------------------- 7. smaller items

    @Test
    void aTlsFailureIsNotRetriedAndItsLineNamesTheKeys() {
        Map<String, Object> source = source("faults/app");
        source.remove("insecure"); // HTTPS to a registry that speaks plain HTTP

        Timed check = timed(() -> scripts.run("check", request("source", source)));

        assertThat(check.run().exitCode()).isEqualTo(1);
        assertThat(firstLine(check.run().stderr()))
                .isEqualTo(
                        "error: tried to resolve " + proxy.host()
                                + "/faults/app:master-latest: TLS with " + proxy.host()
                                + " failed: Unsupported or unrecognized SSL"
                                + " message (trust its CA with source.ca_certs, or set source.insecure if it speaks plain HTTP)");
        assertThat(proxy.requests())
                .as("one attempt: a registry without TLS will not grow it")
                .containsExactly(FaultProxy.TLS_HANDSHAKE);
        assertThat(check.took()).isLessThan(Duration.ofSeconds(20));
    }

    @Test
    void aConnectionThatDropsMidTransferIsReportedAsSuchNotAsAWrongHost() throws IOException {
        proxy.dropAfter("^GET /v2/faults/app/blobs/" + layerDigest, 1000, FaultProxy.ALWAYS);
        Path destination = emptyDirectory("dropped");

        Timed in = timed(() -> scripts.run(
                "in",
                request("source", source("faults/app"), "version", version("master-latest", digest)),
                destination.toString()));

        assertThat(in.run().exitCode()).isEqualTo(1);
        List<String> lines = in.run()
                .stderr()
                .lines()
                .filter(l -> l.startsWith("error: ") || l.startsWith("hint: "))
                .toList();
        assertThat(lines)
                .containsExactly(
                        "error: tried to download blob " + layerDigest + " of " + proxy.host()
                                + "/faults/app: ProtocolException:"
                                + " unexpected end of stream (after 5 attempts, 5000 bytes received)",
                        "hint: the registry was reached, but the connection broke or went silent mid-exchange (the registry"
                                + " or a proxy between closed it); retries were spent, so try again later");
        assertThat(proxy.faulted()).hasSize(5);
        assertThat(in.took()).isLessThan(Duration.ofSeconds(40));
        assertThat(destination).isEmptyDirectory();
    }

    @Test
    void anUnreadableCacheOfCreatedTimesCostsRequestsNotTheCheck() throws IOException {
        LocalRegistry registry = registryExtension.get();
        fixtures.push(layout, "v", registry, "faults/created", "1.0.0", "oci");
        Path cache = work.resolve("resource-docker-tag");
        Files.createDirectories(cache);
        Map<String, Object> source = source("faults/created");
        source.remove("branch");
        source.put("tag_regex", "^1\\.");
        source.put("sort", "created");
        scripts.run("check", request("source", source)).requireSuccess();
        try (var files = Files.list(cache)) {
            for (Path file : files.filter(f -> f.getFileName().toString().startsWith("created"))
                    .toList()) {
                Files.writeString(file, "{\"" + digest + "\":{\"created\":\"yesterday\",\"digest\":12}, trailing");
            }
        }

        ResourceScripts.Run check = scripts.run("check", request("source", source));

        check.requireSuccess();
        assertThat(check.json().get(0).get("tag").asText()).isEqualTo("1.0.0");
        try (var files = Files.list(cache)) {
            assertThat(files.filter(f -> f.getFileName().toString().startsWith("created"))
                            .toList())
                    .isNotEmpty()
                    .allSatisfy(f -> assertThat(Files.readString(f)).doesNotContain("trailing"));
        }
    }
}
