package dev.dockertag.reaper.provider;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.head;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.urlMatching;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.dockertag.reaper.plan.UntagMethod;
import dev.dockertag.registry.ImageReference;
import dev.dockertag.registry.RegistryClient;
import dev.dockertag.registry.RepositoryClient;
import dev.dockertag.registry.RetryPolicy;
import dev.dockertag.registry.image.Digest;
import dev.dockertag.registry.image.MediaTypes;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Removing one tag from registries we cannot run here: one with OCI tag delete, and ones that answer it with 405
 * (delete disabled for tags, e.g. Harbor's /v2) or 400 (distribution 2.x), where the throwaway-manifest method must be
 * used; and one that refuses the throwaway (an immutable tag).
 */
class UntagWireMockTest {

    @RegisterExtension
    static WireMockExtension registry = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort())
            .build();

    RegistryClient client;
    RepositoryClient repository;

    @BeforeEach
    void setUp() {
        client = RegistryClient.builder()
                .allowPlainHttp(true)
                .retryPolicy(RetryPolicy.NONE)
                .build();
        repository = client.repository(ImageReference.parse("localhost:" + registry.getPort() + "/acme/app"));
        registry.stubFor(head(urlMatching("/v2/acme/app/blobs/.*"))
                .willReturn(aResponse().withStatus(404)));
        registry.stubFor(post(urlPathEqualTo("/v2/acme/app/blobs/uploads/"))
                .willReturn(
                        aResponse().withStatus(202).withHeader("Location", "/v2/acme/app/blobs/uploads/session-1")));
        registry.stubFor(put(urlPathEqualTo("/v2/acme/app/blobs/uploads/session-1"))
                .willReturn(aResponse().withStatus(201)));
        registry.stubFor(put(urlPathEqualTo("/v2/acme/app/manifests/feat-x-latest"))
                .willReturn(aResponse().withStatus(201)));
        registry.stubFor(delete(urlMatching("/v2/acme/app/manifests/sha256:.*"))
                .willReturn(aResponse().withStatus(202)));
    }

    @AfterEach
    void tearDown() {
        client.close();
    }

    private List<String> requests() {
        return registry.findAll(anyRequestedFor(anyUrl())).stream()
                .map(r -> r.getMethod() + " " + r.getUrl().replaceAll("\\?.*", ""))
                .toList();
    }

    private LoggedRequest manifestPut() {
        return registry.findAll(anyRequestedFor(urlPathEqualTo("/v2/acme/app/manifests/feat-x-latest"))).stream()
                .filter(r -> r.getMethod().getName().equals("PUT"))
                .findFirst()
                .orElseThrow();
    }

    @Test
    void aRegistryWithTagDeleteOnlyDeletesTheTag() {
        registry.stubFor(delete(urlPathEqualTo("/v2/acme/app/manifests/feat-x-latest"))
                .willReturn(aResponse().withStatus(202)));

        Optional<String> problem =
                TagRemover.untag(repository, "feat-x-latest", MediaTypes.OCI_MANIFEST, UntagMethod.OCI_TAG_DELETE);

        assertThat(problem).isEmpty();
        assertThat(requests()).containsExactly("DELETE /v2/acme/app/manifests/feat-x-latest");
    }

    @Test
    void aTagDeleteAnsweredWith405FallsBackToTheThrowawayManifest() {
        registry.stubFor(delete(urlPathEqualTo("/v2/acme/app/manifests/feat-x-latest"))
                .willReturn(aResponse().withStatus(405).withBody("{\"errors\":[{\"code\":\"UNSUPPORTED\"}]}")));

        Optional<String> problem =
                TagRemover.untag(repository, "feat-x-latest", MediaTypes.OCI_MANIFEST, UntagMethod.OCI_TAG_DELETE);

        assertThat(problem).isEmpty();
        String body = manifestPut().getBodyAsString();
        Digest dummy = Digest.sha256(manifestPut().getBody());
        assertThat(body).contains("\"mediaType\":\"" + MediaTypes.OCI_MANIFEST + "\"");
        assertThat(manifestPut().getHeader("Content-Type")).startsWith(MediaTypes.OCI_MANIFEST);
        assertThat(requests())
                .containsExactly(
                        "DELETE /v2/acme/app/manifests/feat-x-latest",
                        "HEAD /v2/acme/app/blobs/" + DummyManifest.EMPTY_LAYER_DIGEST,
                        "POST /v2/acme/app/blobs/uploads/",
                        "PUT /v2/acme/app/blobs/uploads/session-1",
                        "HEAD /v2/acme/app/blobs/" + configDigestOf(body),
                        "POST /v2/acme/app/blobs/uploads/",
                        "PUT /v2/acme/app/blobs/uploads/session-1",
                        "PUT /v2/acme/app/manifests/feat-x-latest",
                        "DELETE /v2/acme/app/manifests/" + dummy);
    }

    @Test
    void aRegistryWithoutTagDeleteGetsNoTagDeleteAndADockerFamilyThrowaway() {
        Optional<String> problem =
                TagRemover.untag(repository, "feat-x-latest", MediaTypes.DOCKER_MANIFEST, UntagMethod.DUMMY_MANIFEST);

        assertThat(problem).isEmpty();
        assertThat(requests())
                .doesNotContain("DELETE /v2/acme/app/manifests/feat-x-latest")
                .endsWith(
                        "PUT /v2/acme/app/manifests/feat-x-latest",
                        "DELETE /v2/acme/app/manifests/"
                                + Digest.sha256(manifestPut().getBody()));
        assertThat(manifestPut().getBodyAsString())
                .contains(
                        "\"mediaType\":\"" + MediaTypes.DOCKER_MANIFEST + "\"",
                        "\"mediaType\":\"" + MediaTypes.DOCKER_CONFIG + "\"");
    }

    @Test
    void twoThrowawaysForTheSameTagNeverShareADigest() {
        assertThat(TagRemover.untag(repository, "feat-x-latest", MediaTypes.OCI_MANIFEST, UntagMethod.DUMMY_MANIFEST))
                .isEmpty();
        assertThat(TagRemover.untag(repository, "feat-x-latest", MediaTypes.OCI_MANIFEST, UntagMethod.DUMMY_MANIFEST))
                .isEmpty();

        List<String> deleted =
                requests().stream().filter(r -> r.startsWith("DELETE")).toList();
        assertThat(deleted).hasSize(2).doesNotHaveDuplicates();
    }

    @Test
    void aRefusedThrowawayLeavesTheTagAndSaysWhy() {
        registry.stubFor(put(urlPathEqualTo("/v2/acme/app/manifests/feat-x-latest"))
                .willReturn(aResponse()
                        .withStatus(403)
                        .withBody("{\"errors\":[{\"code\":\"DENIED\",\"message\":\"tag is immutable\"}]}")));

        Optional<String> problem =
                TagRemover.untag(repository, "feat-x-latest", MediaTypes.OCI_MANIFEST, UntagMethod.DUMMY_MANIFEST);

        assertThat(problem)
                .hasValueSatisfying(p -> assertThat(p)
                        .startsWith("the registry has no tag delete and refused the throwaway manifest (")
                        .contains("403")
                        .contains("tag is immutable")
                        .endsWith("); the tag is left as it was"));
        assertThat(requests()).noneMatch(r -> r.startsWith("DELETE"));
    }

    private static String configDigestOf(String manifestJson) {
        int at = manifestJson.indexOf("\"config\"");
        int start = manifestJson.indexOf("sha256:", at);
        return manifestJson.substring(start, start + 71);
    }
}
