package dev.dockertag.registry;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.head;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.dockertag.registry.auth.AuthHints;
import dev.dockertag.registry.auth.Credentials;
import dev.dockertag.registry.auth.CredentialsProvider;
import dev.dockertag.registry.image.MediaTypes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A check is a new process every minute: with the challenge remembered from the previous one it goes straight to the
 * token server (or sends Basic at once) instead of collecting a 401 first.
 */
class AuthHintsWireMockTest {

    private static final String DIGEST = "sha256:" + "ab".repeat(32);

    @RegisterExtension
    static WireMockExtension registry = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort())
            .build();

    @TempDir
    Path dir;

    /** One "process": a fresh client with the hints file. */
    private RepositoryClient freshClient(Path hints, CredentialsProvider credentials) {
        return RegistryClient.builder()
                .allowPlainHttp(true)
                .credentials(credentials)
                .retryPolicy(RetryPolicy.NONE)
                .authHints(AuthHints.inFile(hints))
                .build()
                .repository(ImageReference.parse("localhost:" + registry.getPort() + "/acme/app"));
    }

    private void stubBearerRegistry() {
        registry.stubFor(head(urlPathEqualTo("/v2/acme/app/manifests/main-latest"))
                .withHeader("Authorization", absent())
                .willReturn(aResponse()
                        .withStatus(401)
                        .withHeader(
                                "WWW-Authenticate",
                                "Bearer realm=\"http://localhost:" + registry.getPort() + "/token\",service=\"reg\","
                                        + "scope=\"repository:acme/app:pull\"")));
        registry.stubFor(get(urlPathEqualTo("/token")).willReturn(aResponse().withBody("{\"token\":\"t1\"}")));
        registry.stubFor(head(urlPathEqualTo("/v2/acme/app/manifests/main-latest"))
                .withHeader("Authorization", equalTo("Bearer t1"))
                .willReturn(aResponse()
                        .withHeader("Docker-Content-Digest", DIGEST)
                        .withHeader("Content-Type", MediaTypes.OCI_MANIFEST)
                        .withHeader("Content-Length", "400")));
    }

    private static List<String> requestLines() {
        return registry.getAllServeEvents().reversed().stream()
                .map(e -> e.getRequest())
                .map(r -> r.getMethod() + " " + r.getUrl().replaceAll("\\?.*", "") + " " + statusOf(r))
                .toList();
    }

    private static String statusOf(LoggedRequest r) {
        return r.getHeader("Authorization") == null ? "anonymous" : "authorized";
    }

    @Test
    void secondProcessAsksForTheTokenFirstInsteadOfCollectingA401() {
        stubBearerRegistry();
        Path hints = dir.resolve("hints.json");

        assertThat(freshClient(hints, CredentialsProvider.ANONYMOUS).resolve("main-latest"))
                .isPresent();
        assertThat(requestLines())
                .containsExactly(
                        "HEAD /v2/acme/app/manifests/main-latest anonymous",
                        "GET /token anonymous",
                        "HEAD /v2/acme/app/manifests/main-latest authorized");
        assertThat(hints)
                .content()
                .contains("Bearer realm=")
                .contains("service=\\\"reg\\\"")
                .doesNotContain("t1")
                .doesNotContain("scope");

        registry.resetRequests();
        assertThat(freshClient(hints, CredentialsProvider.ANONYMOUS).resolve("main-latest"))
                .isPresent();
        assertThat(requestLines())
                .containsExactly("GET /token anonymous", "HEAD /v2/acme/app/manifests/main-latest authorized");
    }

    @Test
    void basicChallengeRememberedMeansOneRequestPerCheck() {
        String basic = new Credentials("bob", "pw").basicHeader();
        registry.stubFor(head(urlPathEqualTo("/v2/acme/app/manifests/main-latest"))
                .withHeader("Authorization", absent())
                .willReturn(aResponse().withStatus(401).withHeader("WWW-Authenticate", "Basic realm=\"Registry\"")));
        registry.stubFor(head(urlPathEqualTo("/v2/acme/app/manifests/main-latest"))
                .withHeader("Authorization", equalTo(basic))
                .willReturn(aResponse()
                        .withHeader("Docker-Content-Digest", DIGEST)
                        .withHeader("Content-Type", MediaTypes.OCI_MANIFEST)
                        .withHeader("Content-Length", "400")));
        Path hints = dir.resolve("hints.json");
        CredentialsProvider bob = CredentialsProvider.of(new Credentials("bob", "pw"));

        freshClient(hints, bob).resolve("main-latest");
        registry.resetRequests();
        freshClient(hints, bob).resolve("main-latest");

        assertThat(requestLines()).containsExactly("HEAD /v2/acme/app/manifests/main-latest authorized");
        assertThat(hints).content().doesNotContain("pw").doesNotContain(basic.substring(6));
    }

    @Test
    void aStaleOrCorruptHintCostsAnExchangeNeverAFailure() throws Exception {
        stubBearerRegistry();
        Path hints = dir.resolve("hints.json");
        Files.writeString(
                hints, "{\"localhost:" + registry.getPort() + "\":\"Bearer realm=\\\"http://localhost:1/gone\\\"\"}");

        assertThat(freshClient(hints, CredentialsProvider.ANONYMOUS).resolve("main-latest"))
                .isPresent();

        Files.writeString(hints, "not json");
        assertThat(freshClient(hints, CredentialsProvider.ANONYMOUS).resolve("main-latest"))
                .isPresent();
    }
}
