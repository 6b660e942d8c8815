package dev.dockertag.registry;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dockertag.registry.auth.Credentials;
import dev.dockertag.registry.auth.CredentialsProvider;
import org.junit.jupiter.api.Test;

/** Token auth as registries do it beyond Basic: the Bearer flow, renewal, anonymous tokens, refusals. */
class TokenAuthWireMockTest extends RegistryWireMockSupport {

    @Test
    void bearerTokenFlowSendsBasicCredentialsToTheRealmAndCachesTheToken() {
        bearerChallenge("/v2/acme/app/tags/list");
        registry.stubFor(get(urlPathEqualTo("/token"))
                .withHeader("Authorization", equalTo(basic("bob", "s3cret")))
                .withQueryParam("service", equalTo("test-registry"))
                .withQueryParam("scope", equalTo("repository:acme/app:pull"))
                .willReturn(aResponse().withBody("{\"token\":\"tok-1\",\"expires_in\":300}")));
        registry.stubFor(get(urlPathEqualTo("/v2/acme/app/tags/list"))
                .withHeader("Authorization", equalTo("Bearer tok-1"))
                .willReturn(aResponse().withBody("{\"name\":\"acme/app\",\"tags\":[\"a\",\"b\"]}")));

        RepositoryClient repo = repo(CredentialsProvider.of(new Credentials("bob", "s3cret")));
        assertThat(repo.listTags()).containsExactly("a", "b");
        assertThat(repo.listTags()).containsExactly("a", "b");

        registry.verify(1, getRequestedFor(urlPathEqualTo("/token")));
        registry.verify(
                1, getRequestedFor(urlPathEqualTo("/v2/acme/app/tags/list")).withHeader("Authorization", absent()));
        registry.verify(
                2,
                getRequestedFor(urlPathEqualTo("/v2/acme/app/tags/list"))
                        .withHeader("Authorization", equalTo("Bearer tok-1")));
    }

    @Test
    void expiredTokenIsRenewedNotReused() {
        bearerChallenge("/v2/acme/app/tags/list");
        registry.stubFor(get(urlPathEqualTo("/token"))
                .willReturn(aResponse().withBody("{\"token\":\"short\",\"expires_in\":5}")));
        registry.stubFor(get(urlPathEqualTo("/v2/acme/app/tags/list"))
                .withHeader("Authorization", equalTo("Bearer short"))
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
        registry.stubFor(get(urlPathEqualTo("/token"))
                .withHeader("Authorization", absent())
                .willReturn(aResponse().withBody("{\"access_token\":\"anon\"}")));
        registry.stubFor(get(urlPathEqualTo("/v2/acme/app/tags/list"))
                .withHeader("Authorization", equalTo("Bearer anon"))
                .willReturn(aResponse().withBody("{\"tags\":[\"x\"]}")));
        assertThat(repo(CredentialsProvider.ANONYMOUS).listTags()).containsExactly("x");
    }

    @Test
    void wrongPasswordAtTheTokenServerIsAClearErrorWithoutTheSecret() {
        bearerChallenge("/v2/acme/app/tags/list");
        registry.stubFor(get(urlPathEqualTo("/token"))
                .willReturn(aResponse().withStatus(401).withBody("{\"details\":\"incorrect username or password\"}")));
        assertThatThrownBy(() -> repo(CredentialsProvider.of(new Credentials("bob", "wrong-pw")))
                        .listTags())
                .isInstanceOf(RegistryException.class)
                .hasMessage("tried to list tags of localhost:" + registry.getPort()
                        + "/acme/app: could not get a token from "
                        + "http://localhost:" + registry.getPort()
                        + "/token for repository:acme/app:pull: 401 unauthorized: "
                        + "{\"details\":\"incorrect username or password\"}")
                .message()
                .doesNotContain("wrong-pw");
    }

    @Test
    void tokenAnswerWithoutATokenIsAClearError() {
        bearerChallenge("/v2/acme/app/tags/list");
        registry.stubFor(get(urlPathEqualTo("/token")).willReturn(aResponse().withBody("{\"expires_in\":300}")));
        assertThatThrownBy(() -> repo(CredentialsProvider.ANONYMOUS).listTags())
                .hasMessage("tried to list tags of localhost:" + registry.getPort()
                        + "/acme/app: could not get a token from " + "http://localhost:" + registry.getPort()
                        + "/token for repository:acme/app:pull: the answer has no token");
    }
}
