package dev.dockertag.resource.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dockertag.failures.HintedException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class PayloadsTest {

    private static <T> T read(String json, Class<T> type) {
        return Payloads.read(json.getBytes(StandardCharsets.UTF_8), type);
    }

    @Test
    void keysAreTheComponentsInSnakeCaseAndNestedRecordsAndListsAreBound() {
        InRequest request = read("""
                {"source": {"repository": "r.example/a", "fallback_branch": "main", "insecure": true,
                            "ca_certs": ["A", "B"], "platform": {"architecture": "arm64", "variant": "v8"}},
                 "version": {"tag": "x", "digest": "sha256:1"},
                 "params": {"skip_download": false, "format": null}}""", InRequest.class);

        assertThat(request.source().fallbackBranch()).isEqualTo("main");
        assertThat(request.source().isInsecure()).isTrue();
        assertThat(request.source().caCertsOrEmpty()).containsExactly("A", "B");
        assertThat(request.source().platform()).isEqualTo(new Source.PlatformSpec(null, "arm64", "v8"));
        assertThat(request.source().branch()).as("a missing key is null").isNull();
        assertThat(request.version()).isEqualTo(new Version("x", "sha256:1"));
        assertThat(request.params()).isEqualTo(new InRequest.Params(null, false, null));
    }

    @Test
    void errorsNameTheKeyAsThePipelineWritesIt() {
        assertThatThrownBy(() -> read("{\"source\": {\"ca_certs\": [\"A\", 7]}}", CheckRequest.class))
                .isInstanceOf(HintedException.class)
                .hasMessage("invalid payload: 'source.ca_certs[1]' must be a string");
        assertThatThrownBy(() -> read("{\"params\": {\"skip_download\": \"yes\"}}", InRequest.class))
                .hasMessage("invalid payload: 'params.skip_download' must be a boolean (true or false)");
        assertThatThrownBy(() -> read("{\"source\": {\"platform\": {\"arch\": \"arm64\"}}}", CheckRequest.class))
                .hasMessage(
                        "invalid payload: unknown key 'source.platform.arch' (known keys here: architecture, os, variant)");
        assertThatThrownBy(() -> read("[]", CheckRequest.class))
                .hasMessage("invalid payload: the request must be an object");
        assertThatThrownBy(() -> read("{\"source\": {}} {}", CheckRequest.class))
                .hasMessage("invalid payload: unexpected { at line 1, column 16, after the end of the request");
        assertThatThrownBy(() -> read("null", CheckRequest.class))
                .hasMessage("invalid payload: the request is null; expected a JSON object");
    }

    @Test
    void responsesLeaveOutNullsAndKeepOrder() {
        byte[] json = Payloads.write(new VersionResponse(
                new Version("main-latest", null),
                List.of(new MetadataField("commit", "abc"), new MetadataField("tag", "main-latest"))));

        assertThat(new String(json, StandardCharsets.UTF_8))
                .isEqualTo(
                        "{\"version\":{\"tag\":\"main-latest\"},"
                                + "\"metadata\":[{\"name\":\"commit\",\"value\":\"abc\"},{\"name\":\"tag\",\"value\":\"main-latest\"}]}");
        assertThat(new String(Payloads.write(List.of()), StandardCharsets.UTF_8))
                .isEqualTo("[]");
    }
}
