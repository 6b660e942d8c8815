package dev.dockertag.registry.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class AuthChallengeTest {

    @Test
    void parsesBearerChallengeWithCommasInsideQuotedScope() {
        List<AuthChallenge> challenges =
                AuthChallenge.parse("Bearer realm=\"https://auth.docker.io/token\",service=\"registry.docker.io\","
                        + "scope=\"repository:library/ubuntu:pull,push\"");
        assertThat(challenges).hasSize(1);
        AuthChallenge c = challenges.get(0);
        assertThat(c.isBearer()).isTrue();
        assertThat(c.param("realm")).contains("https://auth.docker.io/token");
        assertThat(c.param("service")).contains("registry.docker.io");
        assertThat(c.param("scope")).contains("repository:library/ubuntu:pull,push");
    }

    @Test
    void parsesBasicAndInsufficientScopeErrors() {
        assertThat(AuthChallenge.parse("Basic realm=\"registry\"").get(0).isBasic())
                .isTrue();
        AuthChallenge c = AuthChallenge.parse(
                        "Bearer realm=\"https://a/t\", error=\"insufficient_scope\", scope=\"repository:x:delete\"")
                .get(0);
        assertThat(c.param("error")).contains("insufficient_scope");
        assertThat(c.param("scope")).contains("repository:x:delete");
    }

    @Test
    void parsesSeveralChallengesInOneHeader() {
        List<AuthChallenge> challenges =
                AuthChallenge.parse("Basic realm=\"r\", Bearer realm=\"https://t\",service=\"s\"");
        assertThat(challenges).extracting(AuthChallenge::scheme).containsExactly("Basic", "Bearer");
        assertThat(challenges.get(1).param("service")).contains("s");
    }
}
