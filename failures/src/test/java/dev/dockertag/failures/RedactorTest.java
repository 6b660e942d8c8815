package dev.dockertag.failures;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dockertag.testsupport.AwkwardSecrets;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** Every shape a secret takes on its way to a log is masked, and nothing else is. */
class RedactorTest {

    /**
     * Secrets of the kinds that leak: several lines (a service account's JSON key), quotes, backslashes, non-ASCII,
     * shell metacharacters; with a random core, so that a line of one does not turn up in ordinary text by chance.
     */
    @Provide
    Arbitrary<String> secrets() {
        return AwkwardSecrets.of(12, 8);
    }

    @Property(tries = 500)
    void noLineOfASecretSurvivesInAnyEncoding(@ForAll("secrets") String secret) {
        Redactor redactor = new Redactor();
        redactor.addBasic("robot", secret);
        String basic = Base64.getEncoder().encodeToString(("robot:" + secret).getBytes(StandardCharsets.UTF_8));
        String[] shapes = {
            secret,
            secret.replaceAll("\r\n|\r|\n", " "),
            Redactor.jsonEscaped(secret),
            Redactor.goJsonEscaped(secret),
            URLEncoder.encode(secret, StandardCharsets.UTF_8),
            Base64.getEncoder().encodeToString(secret.getBytes(StandardCharsets.UTF_8)),
            Base64.getUrlEncoder().withoutPadding().encodeToString(secret.getBytes(StandardCharsets.UTF_8)),
            basic,
            "{\"password\":\"" + Redactor.jsonEscaped(secret) + "\"}"
        };
        for (String shape : shapes) {
            String out = redactor.redact("401 unauthorized: echoed " + shape + " back");

            assertThat(out).startsWith("401 unauthorized: echoed ").endsWith(" back");
            for (String line : secret.split("\r\n|\r|\n")) {
                if (line.strip().length() >= Redactor.SHORTEST_FRAGMENT) {
                    assertThat(out).as("shape %s", shape).doesNotContain(line.strip());
                }
            }
        }
    }

    @Test
    void aServiceAccountKeyIsMaskedLineByLineWhenAMessageIsFlattenedOrSplit() {
        String key =
                "{\n  \"type\": \"service_account\",\n  \"private_key\": \"-----BEGIN PRIVATE KEY-----\\nMIIEvQ\\n\"\n}";
        Redactor redactor = new Redactor();
        redactor.addBasic("_json_key", key);

        assertThat(redactor.redact("error: 401: got _json_key:" + key.replace("\n", " ")))
                .isEqualTo("error: 401: got _json_key:****");
        assertThat(redactor.redact("  \"private_key\": \"-----BEGIN PRIVATE KEY-----\\nMIIEvQ\\n\""))
                .isEqualTo("****");
        assertThat(redactor.redact("a line of the log that names no secret"))
                .isEqualTo("a line of the log that names no secret");
    }

    @Test
    void nothingIsMaskedBeforeASecretIsAddedAndAnEmptyOneIsNone() {
        Redactor redactor = new Redactor();
        redactor.add("");
        redactor.add(null);

        assertThat(redactor.redact("user:pass")).isEqualTo("user:pass");
    }
}
