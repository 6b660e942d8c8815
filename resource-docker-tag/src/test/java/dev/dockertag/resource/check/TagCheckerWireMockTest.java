package dev.dockertag.resource.check;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.head;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.dockertag.registry.ImageReference;
import dev.dockertag.registry.RegistryClient;
import dev.dockertag.registry.RetryPolicy;
import dev.dockertag.resource.protocol.Version;
import dev.dockertag.resource.script.Log;
import dev.dockertag.resource.source.Tracking;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** One-tag mode, row by row of TagChecker's table, against a registry that answers only HEADs. */
class TagCheckerWireMockTest {

    @RegisterExtension
    static WireMockExtension registry = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort())
            .build();

    private static final String OLD = "sha256:" + "1".repeat(64);
    private static final String NEW = "sha256:" + "2".repeat(64);

    RegistryClient client;
    TagChecker checker;
    ByteArrayOutputStream stderr = new ByteArrayOutputStream();

    @BeforeEach
    void setUp() {
        client = RegistryClient.builder()
                .allowPlainHttp(true)
                .retryPolicy(RetryPolicy.NONE)
                .build();
        checker = new TagChecker(
                client.repository(ImageReference.parse("localhost:" + registry.getPort() + "/acme/app")),
                new Log(new PrintStream(stderr, true, StandardCharsets.UTF_8)));
    }

    @AfterEach
    void tearDown() {
        client.close();
    }

    private static void manifest(String reference, String digest) {
        registry.stubFor(head(urlPathEqualTo("/v2/acme/app/manifests/" + reference))
                .willReturn(aResponse()
                        .withHeader("Docker-Content-Digest", digest)
                        .withHeader("Content-Type", "application/vnd.oci.image.manifest.v1+json")
                        .withHeader("Content-Length", "500")));
    }

    private static Tracking.OneTag main() {
        return new Tracking.OneTag("main-latest", Optional.empty());
    }

    @Test
    void theFirstCheckReturnsTheCurrentVersionOnly() {
        manifest("main-latest", NEW);
        manifest(OLD, OLD);

        assertThat(checker.check(main(), Optional.empty())).containsExactly(new Version("main-latest", NEW));
    }

    @Test
    void anUnchangedTagReturnsTheCursor() {
        manifest("main-latest", NEW);

        assertThat(checker.check(main(), Optional.of(new Version("main-latest", NEW))))
                .containsExactly(new Version("main-latest", NEW));
    }

    @Test
    void aMovedTagReturnsTheCursorThenTheCurrentWhileTheOldDigestExistsElseOnlyTheCurrent() {
        manifest("main-latest", NEW);
        Optional<Version> cursor = Optional.of(new Version("main-latest", OLD));

        List<Version> oldGone = checker.check(main(), cursor);
        manifest(OLD, OLD);
        List<Version> oldThere = checker.check(main(), cursor);

        assertThat(oldGone).containsExactly(new Version("main-latest", NEW));
        assertThat(oldThere).containsExactly(new Version("main-latest", OLD), new Version("main-latest", NEW));
    }

    @Test
    void aMissingTagFollowsItsFallbackAndWithoutOneHasNoVersions() {
        manifest("master-latest", OLD);

        assertThat(checker.check(new Tracking.OneTag("feat-x-latest", Optional.of("master-latest")), Optional.empty()))
                .containsExactly(new Version("master-latest", OLD));
        assertThat(checker.check(new Tracking.OneTag("feat-x-latest", Optional.empty()), Optional.empty()))
                .isEmpty();
        assertThat(stderr.toString(StandardCharsets.UTF_8))
                .contains("tag feat-x-latest does not exist yet; following master-latest");
    }

    @Test
    void aCursorWhoseDigestIsNotOneIsNeverSentToTheRegistry() {
        manifest("main-latest", NEW);

        assertThat(checker.check(main(), Optional.of(new Version("main-latest", "not-a-digest"))))
                .containsExactly(new Version("main-latest", NEW));
        assertThat(registry.getAllServeEvents())
                .noneMatch(e -> e.getRequest().getUrl().contains("not-a-digest"));
    }
}
