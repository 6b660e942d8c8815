package dev.dockertag.registry;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.dockertag.registry.auth.CredentialsProvider;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the registry behaviour tests share: a WireMock registry and a second host for blob storage (what the local
 * distribution 2.8 cannot show), a client with three attempts whose back-off sleeps are recorded instead of slept, and
 * a Bearer challenge.
 */
abstract class RegistryWireMockSupport {

    @RegisterExtension
    static WireMockExtension registry = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort())
            .build();

    @RegisterExtension
    static WireMockExtension storage = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort())
            .build();

    @TempDir
    Path dir;

    final List<Duration> sleeps = new CopyOnWriteArrayList<>();

    RepositoryClient repo(CredentialsProvider credentials) {
        RegistryClient client = RegistryClient.builder()
                .allowPlainHttp(true)
                .credentials(credentials)
                .retryPolicy(RetryPolicy.DEFAULT.withMaxAttempts(3).withSleeper(sleeps::add))
                .build();
        return client.repository(ImageReference.parse("localhost:" + registry.getPort() + "/acme/app"));
    }

    void bearerChallenge(String path) {
        registry.stubFor(get(urlPathEqualTo(path))
                .withHeader("Authorization", absent())
                .willReturn(aResponse()
                        .withStatus(401)
                        .withHeader(
                                "WWW-Authenticate",
                                "Bearer realm=\"http://localhost:" + registry.getPort()
                                        + "/token\",service=\"test-registry\"," + "scope=\"repository:acme/app:pull\"")
                        .withBody(
                                "{\"errors\":[{\"code\":\"UNAUTHORIZED\",\"message\":\"authentication required\"}]}")));
    }

    static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }
}
