package dev.dockertag.registry.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class DigestTest {

    @Test
    void computesSha256OfBytes() {
        assertThat(Digest.sha256("hello".getBytes(StandardCharsets.UTF_8)))
                .hasToString("sha256:2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824");
    }

    @Test
    void rejectsUnknownAlgorithmsAndBadHex() {
        assertThatThrownBy(() -> Digest.parse("md5:abc"))
                .hasMessage("invalid digest 'md5:abc': algorithm must be sha256 or sha512");
        assertThatThrownBy(() -> Digest.parse("sha256:" + "A".repeat(64)))
                .hasMessageContaining("expected 64 lower-case hex characters");
        assertThatThrownBy(() -> Digest.parse("latest"))
                .hasMessage("invalid digest 'latest': expected sha256:<64 hex characters>");
    }

    @Test
    void tellsDigestsFromTags() {
        assertThat(Digest.isDigest("sha256:" + "0".repeat(64))).isTrue();
        assertThat(Digest.isDigest("master-latest")).isFalse();
    }
}
