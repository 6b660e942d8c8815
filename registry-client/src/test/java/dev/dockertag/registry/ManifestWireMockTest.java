package dev.dockertag.registry;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.client.WireMock;
import dev.dockertag.registry.auth.CredentialsProvider;
import dev.dockertag.registry.image.Digest;
import dev.dockertag.registry.image.MediaTypes;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Manifest requests: the Accept list, digest checks, tag delete and its probe. */
class ManifestWireMockTest extends RegistryWireMockSupport {

    @Test
    void tagDeleteAnswered400Or405IsUnsupportedAnd202IsDeleted() {
        registry.stubFor(delete(urlPathEqualTo("/v2/acme/app/manifests/t400"))
                .willReturn(aResponse().withStatus(400).withBody("{\"errors\":[{\"code\":\"UNSUPPORTED\"}]}")));
        registry.stubFor(delete(urlPathEqualTo("/v2/acme/app/manifests/t405"))
                .willReturn(aResponse().withStatus(405)));
        registry.stubFor(delete(urlPathEqualTo("/v2/acme/app/manifests/t202"))
                .willReturn(aResponse().withStatus(202)));
        registry.stubFor(
                delete(urlPathEqualTo("/v2/acme/app/manifests/t403"))
                        .willReturn(
                                aResponse()
                                        .withStatus(403)
                                        .withBody(
                                                "{\"errors\":[{\"code\":\"DENIED\",\"message\":\"requested access to the resource is denied\"}]}")));
        RepositoryClient repo = repo(CredentialsProvider.ANONYMOUS);
        assertThat(repo.deleteTag("t400")).isEqualTo(TagDeletion.UNSUPPORTED);
        assertThat(repo.deleteTag("t405")).isEqualTo(TagDeletion.UNSUPPORTED);
        assertThat(repo.deleteTag("t202")).isEqualTo(TagDeletion.DELETED);
        assertThatThrownBy(() -> repo.deleteTag("t403"))
                .isInstanceOf(RegistryException.class)
                .hasMessageEndingWith(
                        "acme/app:t403: 403 forbidden: DENIED: requested access to the resource is denied");
    }

    @Test
    void tagDeleteSupportIsProbedWithATagThatCannotExist() {
        registry.stubFor(delete(urlPathEqualTo("/v2/acme/app/manifests/unused"))
                .willReturn(aResponse().withStatus(500)));
        registry.stubFor(delete(WireMock.urlPathMatching("/v2/acme/app/manifests/dockertag-probe-[0-9a-f]{16}"))
                .willReturn(aResponse().withStatus(404)));
        assertThat(repo(CredentialsProvider.ANONYMOUS).supportsTagDelete()).isTrue();
        registry.verify(1, deleteRequestedFor(WireMock.urlPathMatching("/v2/acme/app/manifests/dockertag-probe-.*")));
    }

    @Test
    void manifestRequestsAlwaysAcceptEveryManifestType() {
        registry.stubFor(get(urlPathEqualTo("/v2/acme/app/manifests/v1"))
                .willReturn(aResponse().withStatus(404)));
        assertThat(repo(CredentialsProvider.ANONYMOUS).fetchManifest("v1")).isEqualTo(Optional.empty());
        registry.verify(getRequestedFor(urlPathEqualTo("/v2/acme/app/manifests/v1"))
                .withHeader(
                        "Accept",
                        matching(".*oci.image.index.v1\\+json.*oci.image.manifest.v1\\+json.*manifest.list.v2\\+json.*"
                                + "distribution.manifest.v2\\+json.*")));
    }

    @Test
    void manifestWhoseBytesDoNotMatchTheRequestedDigestIsRejected() {
        byte[] body = "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\"}"
                .getBytes(StandardCharsets.UTF_8);
        Digest other = Digest.parse("sha256:" + "d".repeat(64));
        registry.stubFor(get(urlPathEqualTo("/v2/acme/app/manifests/" + other))
                .willReturn(aResponse()
                        .withHeader("Content-Type", MediaTypes.OCI_MANIFEST)
                        .withBody(body)));
        assertThatThrownBy(() -> repo(CredentialsProvider.ANONYMOUS).fetchManifest(other.toString()))
                .isInstanceOf(DigestMismatchException.class);
    }

    @Test
    void aLoginPageAnsweredForAManifestIsRefusedNotTakenAsOne() {
        String page = "<html><body>Please log in to the guest network</body></html>";
        registry.stubFor(WireMock.head(urlPathEqualTo("/v2/acme/app/manifests/main-latest"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "text/html; charset=utf-8")));
        registry.stubFor(get(urlPathEqualTo("/v2/acme/app/manifests/main-latest"))
                .willReturn(aResponse()
                        .withStatus(200)
                        .withHeader("Content-Type", "text/html; charset=utf-8")
                        .withBody(page)));
        RepositoryClient repo = repo(CredentialsProvider.ANONYMOUS);

        assertThatThrownBy(() -> repo.resolve("main-latest"))
                .isInstanceOf(RegistryException.class)
                .hasMessageEndingWith("main-latest: localhost:" + registry.getPort()
                        + " answered text/html, not a manifest: is this a" + " registry, or a proxy's login page?");
    }

    @Test
    void aGenericTypeIsTakenOnlyOverABodyThatReadsAsAManifest() {
        String manifest = "{\"schemaVersion\":2,\"config\":{\"mediaType\":\"" + MediaTypes.OCI_CONFIG
                + "\",\"digest\":\"sha256:" + "a".repeat(64) + "\",\"size\":2},\"layers\":[]}";
        registry.stubFor(get(urlPathEqualTo("/v2/acme/app/manifests/json"))
                .willReturn(aResponse()
                        .withStatus(200)
                        .withHeader("Content-Type", "application/json")
                        .withBody(manifest)));
        registry.stubFor(get(urlPathEqualTo("/v2/acme/app/manifests/status"))
                .willReturn(aResponse()
                        .withStatus(200)
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"status\":\"ok\"}")));
        RepositoryClient repo = repo(CredentialsProvider.ANONYMOUS);

        assertThat(repo.fetchManifest("json").orElseThrow().mediaType()).isEqualTo(MediaTypes.OCI_MANIFEST);
        assertThatThrownBy(() -> repo.fetchManifest("status"))
                .isInstanceOf(RegistryException.class)
                .hasMessageEndingWith("status: localhost:" + registry.getPort()
                        + " answered application/json that is not an image manifest or" + " index");
    }
}
