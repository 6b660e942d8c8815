package dev.dockertag.registry;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dockertag.registry.auth.CredentialsProvider;
import org.junit.jupiter.api.Test;

/**
 * Tag lists that page: Link pagination to the end, and a registry that refuses the page size; what one page of one tag
 * says of a repository.
 */
class TagListWireMockTest extends RegistryWireMockSupport {

    @Test
    void followsLinkPaginationToTheEnd() {
        registry.stubFor(get(urlEqualTo("/v2/acme/app/tags/list?n=1000"))
                .willReturn(aResponse()
                        .withHeader("Link", "</v2/acme/app/tags/list?last=b&n=1000>; rel=\"next\"")
                        .withBody("{\"tags\":[\"a\",\"b\"]}")));
        registry.stubFor(get(urlEqualTo("/v2/acme/app/tags/list?last=b&n=1000"))
                .willReturn(aResponse()
                        .withHeader(
                                "Link",
                                "<http://localhost:" + registry.getPort()
                                        + "/v2/acme/app/tags/list?last=d&n=1000>; rel=\"next\"")
                        .withBody("{\"tags\":[\"c\",\"d\"]}")));
        registry.stubFor(get(urlEqualTo("/v2/acme/app/tags/list?last=d&n=1000"))
                .willReturn(aResponse().withBody("{\"tags\":[\"e\"]}")));
        assertThat(repo(CredentialsProvider.ANONYMOUS).listTags()).containsExactly("a", "b", "c", "d", "e");
    }

    @Test
    void retriesWithoutNWhenTheRegistryRejectsThePageSize() {
        registry.stubFor(get(urlEqualTo("/v2/acme/app/tags/list?n=1000"))
                .willReturn(aResponse()
                        .withStatus(400)
                        .withBody("{\"errors\":[{\"code\":\"PAGINATION_NUMBER_INVALID\"}]}")));
        registry.stubFor(
                get(urlEqualTo("/v2/acme/app/tags/list")).willReturn(aResponse().withBody("{\"tags\":[\"z\"]}")));
        assertThat(repo(CredentialsProvider.ANONYMOUS).listTags()).containsExactly("z");
    }

    @Test
    void aRepositorysPresenceTellsAnUnknownNameFromOneWithNoTags() {
        registry.stubFor(get(urlEqualTo("/v2/acme/app/tags/list?n=1"))
                .willReturn(aResponse().withStatus(404).withBody("{\"errors\":[{\"code\":\"NAME_UNKNOWN\"}]}")));
        assertThat(repo(CredentialsProvider.ANONYMOUS).presence()).isEqualTo(RepositoryClient.Presence.UNKNOWN_NAME);
        assertThat(repo(CredentialsProvider.ANONYMOUS).presence()).isNotEqualTo(RepositoryClient.Presence.NO_TAGS);

        // olareg answers a name it does not know so; distribution, a repository whose tags were all deleted
        for (String body :
                new String[] {"{\"name\":\"acme/app\",\"tags\":[]}", "{\"name\":\"acme/app\",\"tags\":null}"}) {
            registry.stubFor(get(urlEqualTo("/v2/acme/app/tags/list?n=1"))
                    .willReturn(aResponse().withBody(body)));
            assertThat(repo(CredentialsProvider.ANONYMOUS).presence())
                    .as(body)
                    .isEqualTo(RepositoryClient.Presence.NO_TAGS);
            assertThat(repo(CredentialsProvider.ANONYMOUS).presence())
                    .isNotEqualTo(RepositoryClient.Presence.UNKNOWN_NAME);
        }

        registry.stubFor(get(urlEqualTo("/v2/acme/app/tags/list?n=1"))
                .willReturn(aResponse().withBody("{\"name\":\"acme/app\",\"tags\":[\"a\"]}")));
        assertThat(repo(CredentialsProvider.ANONYMOUS).presence()).isEqualTo(RepositoryClient.Presence.TAGGED);
    }
}
