package dev.dockertag.registry.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.dockertag.registry.auth.AuthChallenge;
import dev.dockertag.registry.internal.http.ErrorBodies;
import dev.dockertag.registry.internal.http.LinkHeaders;
import java.util.List;
import okhttp3.HttpUrl;

/**
 * The text parts of a registry's answers that are read before anything is trusted: a {@code WWW-Authenticate} header, a
 * {@code Link} header and an error body. None may throw, whatever a registry sends: a challenge that does not parse is
 * no challenge, a link that does not parse is no next page, and an error body that does not parse is shown as text.
 */
class RegistryAnswersFuzzTest {

    private static final HttpUrl CURRENT = HttpUrl.get("https://registry.example/v2/team/app/tags/list?n=1000");

    @FuzzTest(maxDuration = "60s")
    void wwwAuthenticate(String header) {
        if (header == null) {
            return; // a header that is there has a value, if an empty one
        }
        AuthChallenge.parse(header).forEach(c -> {
            c.param("realm");
            c.param("scope");
        });
    }

    @FuzzTest(maxDuration = "60s")
    void linkHeader(FuzzedDataProvider data) {
        String second = data.consumeString(200);
        String first = data.consumeRemainingAsString();
        LinkHeaders.next(List.of(first, second), CURRENT);
    }

    @FuzzTest(maxDuration = "60s")
    void errorBody(FuzzedDataProvider data) {
        ErrorBodies.parse(data.consumeInt(100, 599), data.consumeRemainingAsBytes())
                .reason();
    }
}
