package dev.dockertag.registry;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.head;
import static com.github.tomakehurst.wiremock.client.WireMock.headRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.dockertag.registry.auth.CredentialsProvider;
import dev.dockertag.registry.image.Digest;
import dev.dockertag.registry.image.MediaTypes;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Retries: Retry-After on 429, server errors that pass, the bound on those that do not, and one owner per retry (an
 * upload or download is retried whole, its requests are not retried again below it).
 */
class RetryWireMockTest extends RegistryWireMockSupport {

    @Test
    void honoursRetryAfterOn429() {
        registry.stubFor(get(urlPathEqualTo("/v2/acme/app/tags/list"))
                .inScenario("429")
                .whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "7"))
                .willSetStateTo("ok"));
        registry.stubFor(get(urlPathEqualTo("/v2/acme/app/tags/list"))
                .inScenario("429")
                .whenScenarioStateIs("ok")
                .willReturn(aResponse().withBody("{\"tags\":[\"t\"]}")));
        assertThat(repo(CredentialsProvider.ANONYMOUS).listTags()).containsExactly("t");
        assertThat(sleeps).containsExactly(Duration.ofSeconds(7));
        registry.verify(2, getRequestedFor(urlPathEqualTo("/v2/acme/app/tags/list")));
    }

    @Test
    void retriesServerErrorsThenSucceeds() {
        registry.stubFor(head(urlPathEqualTo("/v2/acme/app/manifests/v1"))
                .inScenario("5xx")
                .whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(503))
                .willSetStateTo("again"));
        registry.stubFor(head(urlPathEqualTo("/v2/acme/app/manifests/v1"))
                .inScenario("5xx")
                .whenScenarioStateIs("again")
                .willReturn(aResponse().withStatus(502))
                .willSetStateTo("ok"));
        String digest = "sha256:" + "c".repeat(64);
        registry.stubFor(head(urlPathEqualTo("/v2/acme/app/manifests/v1"))
                .inScenario("5xx")
                .whenScenarioStateIs("ok")
                .willReturn(aResponse()
                        .withHeader("Docker-Content-Digest", digest)
                        .withHeader("Content-Type", MediaTypes.OCI_MANIFEST)
                        .withHeader("Content-Length", "42")));
        assertThat(repo(CredentialsProvider.ANONYMOUS).resolve("v1")).hasValueSatisfying(d -> {
            assertThat(d.digest()).isEqualTo(digest);
            assertThat(d.mediaType()).isEqualTo(MediaTypes.OCI_MANIFEST);
        });
        assertThat(sleeps).hasSize(2);
    }

    @Test
    void persistentServerErrorsFailAfterTheBoundedAttempts() {
        registry.stubFor(get(urlPathEqualTo("/v2/acme/app/tags/list"))
                .willReturn(aResponse()
                        .withStatus(503)
                        .withBody("{\"errors\":[{\"code\":\"UNAVAILABLE\",\"message\":\"try later\"}]}")));
        assertThatThrownBy(() -> repo(CredentialsProvider.ANONYMOUS).listTags())
                .hasMessage("tried to list tags of localhost:" + registry.getPort()
                        + "/acme/app: 503 service unavailable: UNAVAILABLE: try later");
        registry.verify(3, getRequestedFor(urlPathEqualTo("/v2/acme/app/tags/list")));
    }

    @Test
    void anUploadRefusedForeverIsRetriedWholeAndItsRequestsOnlyThere() {
        Digest digest = Digest.sha256(new byte[] {1, 2, 3});
        registry.stubFor(head(urlPathEqualTo("/v2/acme/app/blobs/" + digest))
                .willReturn(aResponse().withStatus(404)));
        registry.stubFor(post(urlPathEqualTo("/v2/acme/app/blobs/uploads/"))
                .willReturn(aResponse().withStatus(503)));

        assertThatThrownBy(() -> repo(CredentialsProvider.ANONYMOUS)
                        .pushBlob(
                                digest, BlobContent.of(new byte[] {1, 2, 3}), Optional.empty(), ProgressListener.NONE))
                .isInstanceOf(RegistryException.class)
                .hasMessage("tried to upload blob " + digest + " to localhost:" + registry.getPort()
                        + "/acme/app: 503 service unavailable");
        // three attempts of the operation, each POST sent once: not three times three
        registry.verify(3, postRequestedFor(urlPathEqualTo("/v2/acme/app/blobs/uploads/")));
        assertThat(sleeps).hasSize(2);
    }

    @Test
    void aDownloadRefusedForeverIsRetriedWholeAndItsRequestsOnlyThere() {
        Digest digest = Digest.sha256(new byte[] {1, 2, 3});
        registry.stubFor(get(urlPathEqualTo("/v2/acme/app/blobs/" + digest))
                .willReturn(aResponse().withStatus(503)));

        assertThatThrownBy(() -> repo(CredentialsProvider.ANONYMOUS)
                        .fetchBlob(digest, 3, dir.resolve("blob"), ProgressListener.NONE))
                .isInstanceOf(RegistryException.class)
                .hasMessage("tried to download blob " + digest + " of localhost:" + registry.getPort()
                        + "/acme/app: 503 service unavailable");
        registry.verify(3, getRequestedFor(urlPathEqualTo("/v2/acme/app/blobs/" + digest)));
    }

    @Test
    void anUnmendableAnswerIsNotRetriedAtAll() {
        Digest digest = Digest.sha256(new byte[] {1, 2, 3});
        registry.stubFor(head(urlPathEqualTo("/v2/acme/app/blobs/" + digest))
                .willReturn(aResponse().withStatus(404)));
        registry.stubFor(post(urlPathEqualTo("/v2/acme/app/blobs/uploads/"))
                .willReturn(aResponse().withStatus(501)));

        assertThatThrownBy(() -> repo(CredentialsProvider.ANONYMOUS)
                        .pushBlob(
                                digest, BlobContent.of(new byte[] {1, 2, 3}), Optional.empty(), ProgressListener.NONE))
                .isInstanceOf(RegistryException.class);
        registry.verify(1, postRequestedFor(urlPathEqualTo("/v2/acme/app/blobs/uploads/")));
        assertThat(sleeps).isEmpty();
    }

    @Test
    void aRedirectLoopIsNamedAsOneAndNotRetried() {
        registry.stubFor(head(urlPathEqualTo("/v2/acme/app/manifests/loop"))
                .willReturn(aResponse().withStatus(307).withHeader("Location", "/v2/acme/app/manifests/loop")));
        RepositoryClient repo = repo(CredentialsProvider.ANONYMOUS);

        assertThatThrownBy(() -> repo.resolve("loop"))
                .isInstanceOf(RegistryException.class)
                .hasMessageEndingWith("acme/app:loop: the redirects from localhost:" + registry.getPort()
                        + " never ended (more than 20 in a row): a redirect loop")
                .extracting(e -> ((RegistryException) e).kind())
                .isEqualTo(RegistryException.Kind.REFUSED);
        assertThat(sleeps).as("another attempt would loop again").isEmpty();
        registry.verify(21, headRequestedFor(urlPathEqualTo("/v2/acme/app/manifests/loop")));
    }

    @Test
    void anAnswerTooLargeToBeAManifestIsRefusedOnceNotHintedAsABrokenConnection() {
        registry.stubFor(get(urlPathEqualTo("/v2/acme/app/manifests/huge"))
                .willReturn(aResponse()
                        .withHeader("Content-Type", MediaTypes.OCI_MANIFEST)
                        .withBody(new byte[RegistryCall.MAX_MANIFEST_BYTES + 1])));
        RepositoryClient repo = repo(CredentialsProvider.ANONYMOUS);

        assertThatThrownBy(() -> repo.fetchManifest("huge"))
                .isInstanceOf(RegistryException.class)
                .hasMessageEndingWith("acme/app:huge: the answer is more than the " + RegistryCall.MAX_MANIFEST_BYTES
                        + " bytes accepted")
                .extracting(e -> ((RegistryException) e).kind())
                .isEqualTo(RegistryException.Kind.REFUSED);
        assertThat(sleeps).as("the same answer would come again").isEmpty();
        registry.verify(1, getRequestedFor(urlPathEqualTo("/v2/acme/app/manifests/huge")));
    }
}
