package dev.dockertag.registry;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.head;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.dockertag.registry.auth.Credentials;
import dev.dockertag.registry.auth.CredentialsProvider;
import dev.dockertag.registry.image.Digest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Blob transfers under faults: redirects to storage, corrupt, truncated and dropped downloads, uploads without a
 * Location.
 */
class BlobTransferWireMockTest extends RegistryWireMockSupport {

    @Test
    void uploadSessionWithoutLocationIsAClearError() {
        Digest digest = Digest.sha256(new byte[] {1, 2, 3});
        registry.stubFor(head(urlPathEqualTo("/v2/acme/app/blobs/" + digest))
                .willReturn(aResponse().withStatus(404)));
        registry.stubFor(WireMock.post(urlPathEqualTo("/v2/acme/app/blobs/uploads/"))
                .willReturn(aResponse().withStatus(202)));
        assertThatThrownBy(() -> repo(CredentialsProvider.ANONYMOUS)
                        .pushBlob(
                                digest, BlobContent.of(new byte[] {1, 2, 3}), Optional.empty(), ProgressListener.NONE))
                .hasMessage("tried to upload blob " + digest + " to localhost:" + registry.getPort()
                        + "/acme/app: the registry answered 202 without a usable Location header");
    }

    @Test
    void blobDownloadRedirectedToAnotherHostCarriesNoAuthorization() throws Exception {
        byte[] content = "layer bytes".getBytes(StandardCharsets.UTF_8);
        Digest digest = Digest.sha256(content);
        String path = "/v2/acme/app/blobs/" + digest;
        bearerChallenge(path);
        registry.stubFor(get(urlPathEqualTo("/token")).willReturn(aResponse().withBody("{\"token\":\"tok-2\"}")));
        registry.stubFor(get(urlPathEqualTo(path))
                .withHeader("Authorization", equalTo("Bearer tok-2"))
                .willReturn(aResponse()
                        .withStatus(307)
                        .withHeader("Location", "http://127.0.0.1:" + storage.getPort() + "/bucket/blob?sig=abc")));
        storage.stubFor(
                get(urlPathEqualTo("/bucket/blob")).willReturn(aResponse().withBody(content)));

        Path target = dir.resolve("blob");
        repo(CredentialsProvider.of(new Credentials("bob", "pw")))
                .fetchBlob(digest, content.length, target, ProgressListener.NONE);

        assertThat(Files.readAllBytes(target)).isEqualTo(content);
        storage.verify(1, getRequestedFor(urlPathEqualTo("/bucket/blob")).withHeader("Authorization", absent()));
    }

    @Test
    void aChallengeFromTheStorageARedirectLedToNamesThatHostNotTheRegistry() {
        byte[] content = "layer bytes".getBytes(StandardCharsets.UTF_8);
        Digest digest = Digest.sha256(content);
        registry.stubFor(get(urlPathEqualTo("/v2/acme/app/blobs/" + digest))
                .willReturn(aResponse()
                        .withStatus(307)
                        .withHeader("Location", "http://127.0.0.1:" + storage.getPort() + "/bucket/blob")));
        storage.stubFor(get(urlPathEqualTo("/bucket/blob"))
                .willReturn(aResponse().withStatus(401).withBody("<Error><Code>AccessDenied</Code></Error>")));

        assertThatThrownBy(() -> repo(CredentialsProvider.of(new Credentials("bob", "pw")))
                        .fetchBlob(digest, content.length, dir.resolve("blob"), ProgressListener.NONE))
                .isInstanceOf(RegistryException.class)
                .hasMessageContaining("401 unauthorized")
                .hasMessageEndingWith("(from 127.0.0.1:" + storage.getPort() + ", where localhost:" + registry.getPort()
                        + " sent the request; localhost:" + registry.getPort()
                        + "'s credentials are never sent to another host)");
    }

    @Test
    void aLoginPageAnsweredForABlobIsNamedAsOneNotADigestMismatch() {
        byte[] content = "layer bytes".getBytes(StandardCharsets.UTF_8);
        Digest digest = Digest.sha256(content);
        registry.stubFor(get(urlPathEqualTo("/v2/acme/app/blobs/" + digest))
                .willReturn(aResponse()
                        .withHeader("Content-Type", "text/html; charset=utf-8")
                        .withBody("<html>Sign in to continue</html>")));
        Path target = dir.resolve("blob");

        assertThatThrownBy(() -> repo(CredentialsProvider.ANONYMOUS)
                        .fetchBlob(digest, content.length, target, ProgressListener.NONE))
                .isInstanceOf(RegistryException.class)
                .hasMessageEndingWith(": localhost:" + registry.getPort()
                        + " answered text/html, not the blob: is this a registry, or a proxy's login page?");
        assertThat(target).doesNotExist();
        assertThat(sleeps).as("the same page would come again").isEmpty();
    }

    @Test
    void corruptedBlobIsADigestMismatchAndLeavesNoFile() {
        byte[] content = "the real layer".getBytes(StandardCharsets.UTF_8);
        Digest digest = Digest.sha256(content);
        registry.stubFor(get(urlPathEqualTo("/v2/acme/app/blobs/" + digest))
                .willReturn(aResponse().withBody("the fake layer".getBytes(StandardCharsets.UTF_8))));
        Path target = dir.resolve("blob");
        assertThatThrownBy(() -> repo(CredentialsProvider.ANONYMOUS)
                        .fetchBlob(digest, content.length, target, ProgressListener.NONE))
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
        assertThatThrownBy(() -> repo(CredentialsProvider.ANONYMOUS)
                        .fetchBlob(digest, content.length, dir.resolve("blob"), ProgressListener.NONE))
                .isInstanceOf(DigestMismatchException.class)
                .hasMessageContaining("(8 bytes), not " + digest);
    }

    @Test
    void connectionDroppedMidTransferIsRetriedAndVerified() throws Exception {
        byte[] content = new byte[200_000];
        new Random(1).nextBytes(content);
        Digest digest = Digest.sha256(content);
        String path = "/v2/acme/app/blobs/" + digest;
        registry.stubFor(get(urlPathEqualTo(path))
                .inScenario("drop")
                .whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withFault(Fault.RANDOM_DATA_THEN_CLOSE))
                .willSetStateTo("ok"));
        registry.stubFor(get(urlPathEqualTo(path))
                .inScenario("drop")
                .whenScenarioStateIs("ok")
                .willReturn(aResponse().withBody(content)));
        Path target = dir.resolve("blob");
        repo(CredentialsProvider.ANONYMOUS).fetchBlob(digest, content.length, target, ProgressListener.NONE);
        assertThat(Files.readAllBytes(target)).isEqualTo(content);
    }
}
