package dev.dockertag.registry;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.head;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.dockertag.registry.auth.Credentials;
import dev.dockertag.registry.auth.CredentialsProvider;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Registry behaviours the local distribution 2.8 does not show: token auth, pagination, 429, faults, redirects. */
class RegistryWireMockTest {

    @RegisterExtension
    static WireMockExtension registry = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    @RegisterExtension
    static WireMockExtension storage = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    @TempDir
    Path dir;

    private final List<Duration> sleeps = new CopyOnWriteArrayList<>();

    private RepositoryClient repo(CredentialsProvider credentials) {
        RegistryClient client = RegistryClient.builder()
                .allowPlainHttp(true)
                .credentials(credentials)
                .retryPolicy(RetryPolicy.DEFAULT.withMaxAttempts(3).withSleeper(sleeps::add))
                .build();
        return client.repository(ImageReference.parse("localhost:" + registry.getPort() + "/acme/app"));
    }

    private void bearerChallenge(String path) {
        registry.stubFor(get(urlPathEqualTo(path)).withHeader("Authorization", absent())
                .willReturn(aResponse().withStatus(401).withHeader("WWW-Authenticate",
                        "Bearer realm=\"http://localhost:" + registry.getPort() + "/token\",service=\"test-registry\","
                                + "scope=\"repository:acme/app:pull\"")
                        .withBody("{\"errors\":[{\"code\":\"UNAUTHORIZED\",\"message\":\"authentication required\"}]}")));
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void bearerTokenFlowSendsBasicCredentialsToTheRealmAndCachesTheToken() {
        bearerChallenge("/v2/acme/app/tags/list");
        registry.stubFor(get(urlPathEqualTo("/token"))
                .withHeader("Authorization", equalTo(basic("bob", "s3cret")))
                .withQueryParam("service", equalTo("test-registry"))
                .withQueryParam("scope", equalTo("repository:acme/app:pull"))
                .willReturn(aResponse().withBody("{\"token\":\"tok-1\",\"expires_in\":300}")));
        registry.stubFor(get(urlPathEqualTo("/v2/acme/app/tags/list")).withHeader("Authorization", equalTo("Bearer tok-1"))
                .willReturn(aResponse().withBody("{\"name\":\"acme/app\",\"tags\":[\"a\",\"b\"]}")));

        RepositoryClient repo = repo(CredentialsProvider.of(new Credentials("bob", "s3cret")));
        assertThat(repo.listTags()).containsExactly("a", "b");
        assertThat(repo.listTags()).containsExactly("a", "b");

        registry.verify(1, getRequestedFor(urlPathEqualTo("/token")));
        registry.verify(1, getRequestedFor(urlPathEqualTo("/v2/acme/app/tags/list")).withHeader("Authorization", absent()));
        registry.verify(2, getRequestedFor(urlPathEqualTo("/v2/acme/app/tags/list"))
                .withHeader("Authorization", equalTo("Bearer tok-1")));
    }

    @Test
    void expiredTokenIsRenewedNotReused() {
        bearerChallenge("/v2/acme/app/tags/list");
        registry.stubFor(get(urlPathEqualTo("/token"))
                .willReturn(aResponse().withBody("{\"token\":\"short\",\"expires_in\":5}")));
        registry.stubFor(get(urlPathEqualTo("/v2/acme/app/tags/list")).withHeader("Authorization", equalTo("Bearer short"))
                .willReturn(aResponse().withBody("{\"tags\":[\"a\"]}")));
        RepositoryClient repo = repo(CredentialsProvider.ANONYMOUS);
        repo.listTags();
        repo.listTags();
        // a token that expires within the 10 s safety margin is never sent again: each call gets a new one
        registry.verify(2, getRequestedFor(urlPathEqualTo("/token")));
    }

    @Test
    void anonymousTokenAcceptsAccessTokenField() {
        bearerChallenge("/v2/acme/app/tags/list");
        registry.stubFor(get(urlPathEqualTo("/token")).withHeader("Authorization", absent())
                .willReturn(aResponse().withBody("{\"access_token\":\"anon\"}")));
        registry.stubFor(get(urlPathEqualTo("/v2/acme/app/tags/list")).withHeader("Authorization", equalTo("Bearer anon"))
                .willReturn(aResponse().withBody("{\"tags\":[\"x\"]}")));
        assertThat(repo(CredentialsProvider.ANONYMOUS).listTags()).containsExactly("x");
    }

    @Test
    void wrongPasswordAtTheTokenServerIsAClearErrorWithoutTheSecret() {
        bearerChallenge("/v2/acme/app/tags/list");
        registry.stubFor(get(urlPathEqualTo("/token")).willReturn(aResponse().withStatus(401)
                .withBody("{\"details\":\"incorrect username or password\"}")));
        assertThatThrownBy(() -> repo(CredentialsProvider.of(new Credentials("bob", "wrong-pw"))).listTags())
                .isInstanceOf(RegistryException.class)
                .hasMessage("tried to list tags of localhost:" + registry.getPort() + "/acme/app: could not get a token from "
                        + "http://localhost:" + registry.getPort() + "/token for repository:acme/app:pull: 401 unauthorized: "
                        + "{\"details\":\"incorrect username or password\"}")
                .message().doesNotContain("wrong-pw");
    }

    @Test
    void tokenAnswerWithoutATokenIsAClearError() {
        bearerChallenge("/v2/acme/app/tags/list");
        registry.stubFor(get(urlPathEqualTo("/token")).willReturn(aResponse().withBody("{\"expires_in\":300}")));
        assertThatThrownBy(() -> repo(CredentialsProvider.ANONYMOUS).listTags())
                .hasMessage("tried to list tags of localhost:" + registry.getPort() + "/acme/app: could not get a token from "
                        + "http://localhost:" + registry.getPort() + "/token for repository:acme/app:pull: the answer has no token");
    }

    @Test
    void uploadSessionWithoutLocationIsAClearError() {
        Digest digest = Digest.sha256(new byte[] {1, 2, 3});
        registry.stubFor(head(urlPathEqualTo("/v2/acme/app/blobs/" + digest)).willReturn(aResponse().withStatus(404)));
        registry.stubFor(com.github.tomakehurst.wiremock.client.WireMock.post(urlPathEqualTo("/v2/acme/app/blobs/uploads/"))
                .willReturn(aResponse().withStatus(202)));
        assertThatThrownBy(() -> repo(CredentialsProvider.ANONYMOUS).pushBlob(digest, BlobContent.of(new byte[] {1, 2, 3}),
                Optional.empty(), ProgressListener.NONE))
                .hasMessage("tried to upload blob " + digest + " to localhost:" + registry.getPort()
                        + "/acme/app: the registry answered 202 without a usable Location header");
    }

    @Test
    void followsLinkPaginationToTheEnd() {
        registry.stubFor(get(urlEqualTo("/v2/acme/app/tags/list?n=1000")).willReturn(aResponse()
                .withHeader("Link", "</v2/acme/app/tags/list?last=b&n=1000>; rel=\"next\"")
                .withBody("{\"tags\":[\"a\",\"b\"]}")));
        registry.stubFor(get(urlEqualTo("/v2/acme/app/tags/list?last=b&n=1000")).willReturn(aResponse()
                .withHeader("Link", "<http://localhost:" + registry.getPort() + "/v2/acme/app/tags/list?last=d&n=1000>; rel=\"next\"")
                .withBody("{\"tags\":[\"c\",\"d\"]}")));
        registry.stubFor(get(urlEqualTo("/v2/acme/app/tags/list?last=d&n=1000")).willReturn(aResponse()
                .withBody("{\"tags\":[\"e\"]}")));
        assertThat(repo(CredentialsProvider.ANONYMOUS).listTags()).containsExactly("a", "b", "c", "d", "e");
    }

    @Test
    void retriesWithoutNWhenTheRegistryRejectsThePageSize() {
        registry.stubFor(get(urlEqualTo("/v2/acme/app/tags/list?n=1000")).willReturn(aResponse().withStatus(400)
                .withBody("{\"errors\":[{\"code\":\"PAGINATION_NUMBER_INVALID\"}]}")));
        registry.stubFor(get(urlEqualTo("/v2/acme/app/tags/list")).willReturn(aResponse().withBody("{\"tags\":[\"z\"]}")));
        assertThat(repo(CredentialsProvider.ANONYMOUS).listTags()).containsExactly("z");
    }

    @Test
    void honoursRetryAfterOn429() {
        registry.stubFor(get(urlPathEqualTo("/v2/acme/app/tags/list")).inScenario("429").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "7")).willSetStateTo("ok"));
        registry.stubFor(get(urlPathEqualTo("/v2/acme/app/tags/list")).inScenario("429").whenScenarioStateIs("ok")
                .willReturn(aResponse().withBody("{\"tags\":[\"t\"]}")));
        assertThat(repo(CredentialsProvider.ANONYMOUS).listTags()).containsExactly("t");
        assertThat(sleeps).containsExactly(Duration.ofSeconds(7));
        registry.verify(2, getRequestedFor(urlPathEqualTo("/v2/acme/app/tags/list")));
    }

    @Test
    void retriesServerErrorsThenSucceeds() {
        registry.stubFor(head(urlPathEqualTo("/v2/acme/app/manifests/v1")).inScenario("5xx").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(503)).willSetStateTo("again"));
        registry.stubFor(head(urlPathEqualTo("/v2/acme/app/manifests/v1")).inScenario("5xx").whenScenarioStateIs("again")
                .willReturn(aResponse().withStatus(502)).willSetStateTo("ok"));
        String digest = "sha256:" + "c".repeat(64);
        registry.stubFor(head(urlPathEqualTo("/v2/acme/app/manifests/v1")).inScenario("5xx").whenScenarioStateIs("ok")
                .willReturn(aResponse().withHeader("Docker-Content-Digest", digest)
                        .withHeader("Content-Type", MediaTypes.OCI_MANIFEST).withHeader("Content-Length", "42")));
        assertThat(repo(CredentialsProvider.ANONYMOUS).resolve("v1")).hasValueSatisfying(d -> {
            assertThat(d.digest()).isEqualTo(digest);
            assertThat(d.mediaType()).isEqualTo(MediaTypes.OCI_MANIFEST);
        });
        assertThat(sleeps).hasSize(2);
    }

    @Test
    void persistentServerErrorsFailAfterTheBoundedAttempts() {
        registry.stubFor(get(urlPathEqualTo("/v2/acme/app/tags/list")).willReturn(aResponse().withStatus(503)
                .withBody("{\"errors\":[{\"code\":\"UNAVAILABLE\",\"message\":\"try later\"}]}")));
        assertThatThrownBy(() -> repo(CredentialsProvider.ANONYMOUS).listTags())
                .hasMessage("tried to list tags of localhost:" + registry.getPort()
                        + "/acme/app: 503 service unavailable: UNAVAILABLE: try later");
        registry.verify(3, getRequestedFor(urlPathEqualTo("/v2/acme/app/tags/list")));
    }

    @Test
    void blobDownloadRedirectedToAnotherHostCarriesNoAuthorization() throws Exception {
        byte[] content = "layer bytes".getBytes(StandardCharsets.UTF_8);
        Digest digest = Digest.sha256(content);
        String path = "/v2/acme/app/blobs/" + digest;
        bearerChallenge(path);
        registry.stubFor(get(urlPathEqualTo("/token")).willReturn(aResponse().withBody("{\"token\":\"tok-2\"}")));
        registry.stubFor(get(urlPathEqualTo(path)).withHeader("Authorization", equalTo("Bearer tok-2"))
                .willReturn(aResponse().withStatus(307).withHeader("Location",
                        "http://127.0.0.1:" + storage.getPort() + "/bucket/blob?sig=abc")));
        storage.stubFor(get(urlPathEqualTo("/bucket/blob")).willReturn(aResponse().withBody(content)));

        Path target = dir.resolve("blob");
        repo(CredentialsProvider.of(new Credentials("bob", "pw"))).fetchBlob(digest, content.length, target,
                ProgressListener.NONE);

        assertThat(Files.readAllBytes(target)).isEqualTo(content);
        storage.verify(1, getRequestedFor(urlPathEqualTo("/bucket/blob")).withHeader("Authorization", absent()));
    }

    @Test
    void corruptedBlobIsADigestMismatchAndLeavesNoFile() {
        byte[] content = "the real layer".getBytes(StandardCharsets.UTF_8);
        Digest digest = Digest.sha256(content);
        registry.stubFor(get(urlPathEqualTo("/v2/acme/app/blobs/" + digest))
                .willReturn(aResponse().withBody("the fake layer".getBytes(StandardCharsets.UTF_8))));
        Path target = dir.resolve("blob");
        assertThatThrownBy(() -> repo(CredentialsProvider.ANONYMOUS).fetchBlob(digest, content.length, target,
                ProgressListener.NONE))
                .isInstanceOf(DigestMismatchException.class)
                .hasMessageStartingWith("tried to download blob " + digest + " of localhost:" + registry.getPort()
                        + "/acme/app: content has digest sha256:")
                .hasMessageEndingWith("(14 bytes), not " + digest);
        assertThat(target).doesNotExist();
    }

    @Test
    void truncatedBlobIsAnErrorNeverSilent() {
        byte[] content = "0123456789abcdef".getBytes(StandardCharsets.UTF_8);
        Digest digest = Digest.sha256(content);
        registry.stubFor(get(urlPathEqualTo("/v2/acme/app/blobs/" + digest))
                .willReturn(aResponse().withBody("01234567".getBytes(StandardCharsets.UTF_8))));
        assertThatThrownBy(() -> repo(CredentialsProvider.ANONYMOUS).fetchBlob(digest, content.length,
                dir.resolve("blob"), ProgressListener.NONE))
                .isInstanceOf(DigestMismatchException.class)
                .hasMessageContaining("(8 bytes), not " + digest);
    }

    @Test
    void connectionDroppedMidTransferIsRetriedAndVerified() throws Exception {
        byte[] content = new byte[200_000];
        new java.util.Random(1).nextBytes(content);
        Digest digest = Digest.sha256(content);
        String path = "/v2/acme/app/blobs/" + digest;
        registry.stubFor(get(urlPathEqualTo(path)).inScenario("drop").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withFault(Fault.RANDOM_DATA_THEN_CLOSE)).willSetStateTo("ok"));
        registry.stubFor(get(urlPathEqualTo(path)).inScenario("drop").whenScenarioStateIs("ok")
                .willReturn(aResponse().withBody(content)));
        Path target = dir.resolve("blob");
        repo(CredentialsProvider.ANONYMOUS).fetchBlob(digest, content.length, target, ProgressListener.NONE);
        assertThat(Files.readAllBytes(target)).isEqualTo(content);
    }

    @Test
    void tagDeleteAnswered400Or405IsUnsupportedAnd202IsDeleted() {
        registry.stubFor(delete(urlPathEqualTo("/v2/acme/app/manifests/t400")).willReturn(aResponse().withStatus(400)
                .withBody("{\"errors\":[{\"code\":\"UNSUPPORTED\"}]}")));
        registry.stubFor(delete(urlPathEqualTo("/v2/acme/app/manifests/t405")).willReturn(aResponse().withStatus(405)));
        registry.stubFor(delete(urlPathEqualTo("/v2/acme/app/manifests/t202")).willReturn(aResponse().withStatus(202)));
        registry.stubFor(delete(urlPathEqualTo("/v2/acme/app/manifests/t403")).willReturn(aResponse().withStatus(403)
                .withBody("{\"errors\":[{\"code\":\"DENIED\",\"message\":\"requested access to the resource is denied\"}]}")));
        RepositoryClient repo = repo(CredentialsProvider.ANONYMOUS);
        assertThat(repo.deleteTag("t400")).isEqualTo(TagDeletion.UNSUPPORTED);
        assertThat(repo.deleteTag("t405")).isEqualTo(TagDeletion.UNSUPPORTED);
        assertThat(repo.deleteTag("t202")).isEqualTo(TagDeletion.DELETED);
        assertThatThrownBy(() -> repo.deleteTag("t403")).isInstanceOf(RegistryException.class)
                .hasMessageEndingWith("acme/app:t403: 403 forbidden: DENIED: requested access to the resource is denied");
    }

    @Test
    void tagDeleteSupportIsProbedWithATagThatCannotExist() {
        registry.stubFor(delete(urlPathEqualTo("/v2/acme/app/manifests/unused")).willReturn(aResponse().withStatus(500)));
        registry.stubFor(delete(com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching(
                "/v2/acme/app/manifests/dockertag-probe-[0-9a-f]{16}")).willReturn(aResponse().withStatus(404)));
        assertThat(repo(CredentialsProvider.ANONYMOUS).supportsTagDelete()).isTrue();
        registry.verify(1, deleteRequestedFor(com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching(
                "/v2/acme/app/manifests/dockertag-probe-.*")));
    }

    @Test
    void manifestRequestsAlwaysAcceptEveryManifestType() {
        registry.stubFor(get(urlPathEqualTo("/v2/acme/app/manifests/v1")).willReturn(aResponse().withStatus(404)));
        assertThat(repo(CredentialsProvider.ANONYMOUS).fetchManifest("v1")).isEqualTo(Optional.empty());
        registry.verify(getRequestedFor(urlPathEqualTo("/v2/acme/app/manifests/v1")).withHeader("Accept",
                matching(".*oci.image.index.v1\\+json.*oci.image.manifest.v1\\+json.*manifest.list.v2\\+json.*"
                        + "distribution.manifest.v2\\+json.*")));
    }

    @Test
    void manifestWhoseBytesDoNotMatchTheRequestedDigestIsRejected() {
        byte[] body = "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\"}"
                .getBytes(StandardCharsets.UTF_8);
        Digest other = Digest.parse("sha256:" + "d".repeat(64));
        registry.stubFor(get(urlPathEqualTo("/v2/acme/app/manifests/" + other)).willReturn(aResponse()
                .withHeader("Content-Type", MediaTypes.OCI_MANIFEST).withBody(body)));
        assertThatThrownBy(() -> repo(CredentialsProvider.ANONYMOUS).fetchManifest(other.toString()))
                .isInstanceOf(DigestMismatchException.class);
    }
}
