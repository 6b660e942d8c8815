package dev.dockertag.registry.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.dockertag.registry.auth.AuthChallenge;
import dev.dockertag.registry.internal.http.ErrorBodies;

/**
 * The text parts of a registry's answers that are read before anything is trusted: a {@code WWW-Authenticate} header
 * and an error body. Neither may throw, whatever a registry sends: a challenge that does not parse is no challenge, and
 * an error body that does not parse is shown as text.
 */
class RegistryAnswersFuzzTest {

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
    void errorBody(FuzzedDataProvider data) {
        ErrorBodies.parse(data.consumeInt(100, 599), data.consumeRemainingAsBytes())
                .reason();
    }
}
