package dev.dockertag.resource.script;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dockertag.failures.HintedException;
import dev.dockertag.registry.RegistryException;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** What reaches stderr when something fails: secrets redacted whatever echoed them, long values cut. */
class ErrorReportTest {

    private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    private final Log log = new Log(new PrintStream(stderr, true, StandardCharsets.UTF_8));

    private String printed(Throwable failure) {
        ErrorReport.print(failure, log);
        return stderr.toString(StandardCharsets.UTF_8);
    }

    @Test
    void anErrorBodyThatEchoesTheRequestHeadersHasItsCredentialsRedacted() {
        log.redact("ci-bot", "s3cr3t-Pa55");
        // the Basic credential of ci-bot:s3cr3t-Pa55, and a token a proxy echoed
        RegistryException echoed = new RegistryException(
                "push r.example/acme/app:v1",
                400,
                "BAD_REQUEST",
                "request was: PUT /v2/acme/app/manifests/v1 Authorization: Basic Y2ktYm90OnMzY3IzdC1QYTU1 "
                        + "X-Debug: s3cr3t-Pa55 {\"token\":\"eyJhbGciOi.abc.def\"} Proxy-Authorization: Bearer eyJ0eXAi.x.y");

        String out = printed(echoed);

        assertThat(out)
                .doesNotContain("s3cr3t-Pa55", "Y2ktYm90OnMzY3IzdC1QYTU1", "eyJhbGciOi", "eyJ0eXAi")
                .contains("Authorization: Basic ****", "X-Debug: ****", "{\"token\":\"****\"}", "Bearer ****");
    }

    @Test
    void anAuthenticationChallengeIsNotMistakenForACredential() {
        assertThat(log.redacted("the registry asked for Bearer realm=\"https://auth.example/token\",service=\"r\""))
                .isEqualTo("the registry asked for Bearer realm=\"https://auth.example/token\",service=\"r\"");
    }

    @Test
    void aHugeValueIsQuotedCutToTwoHundredCharactersWithAnEllipsis() {
        String huge = "r.example/" + "a".repeat(200_000);

        String out = printed(new HintedException("source.repository: '" + huge + "' is not a valid repository"));

        assertThat(out)
                .isEqualTo("error: source.repository: '" + huge.substring(0, 199) + "… is not a valid repository\n");
    }

    @Test
    void aLongSecretIsRedactedWholeBeforeTheLineIsCut() {
        String token = "t0k".repeat(100); // 300 characters: longer than a quoted value may be
        log.redact("ci-bot", token);

        String out = printed(new RegistryException("push r.example/acme/app:v1", 400, "BAD_REQUEST", "echo:" + token));

        assertThat(out).doesNotContain("t0kt0k").contains("echo:****");
    }

    @Test
    void aForbiddenAnswerGetsItsOwnHint() {
        // 403 is not 401: the credentials were accepted, the action was not
        RegistryException forbidden = new RegistryException("push r.example/acme/app:v1", 403, "DENIED", "denied");
        assertThat(ErrorReport.of(forbidden).hint())
                .contains("the credentials in source.username are not allowed to do this in source.repository");
        assertThat(ErrorReport.of(new RegistryException("push r.example/acme/app:v1", 401, "UNAUTHORIZED", "no"))
                        .hint())
                .contains("check source.username and source.password");
    }
}
