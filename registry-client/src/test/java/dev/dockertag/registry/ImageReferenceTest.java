package dev.dockertag.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dockertag.registry.image.Digest;
import org.junit.jupiter.api.Test;

class ImageReferenceTest {

    @Test
    void normalisesDockerHubOfficialImages() {
        ImageReference ref = ImageReference.parse("ubuntu");
        assertThat(ref.registry()).isEqualTo("index.docker.io");
        assertThat(ref.repository()).isEqualTo("library/ubuntu");
        assertThat(ref.tag()).isEmpty();
        assertThat(ref.reference()).isEqualTo("latest");
        assertThat(ref.apiHost()).isEqualTo("registry-1.docker.io");
        assertThat(ref).hasToString("index.docker.io/library/ubuntu");
    }

    @Test
    void normalisesDockerHubAliasesAndUserImages() {
        assertThat(ImageReference.parse("docker.io/acme/app:1").name()).isEqualTo("index.docker.io/acme/app");
        assertThat(ImageReference.parse("acme/app").repository()).isEqualTo("acme/app");
    }

    @Test
    void parsesHostPortTagAndDigest() {
        String digest = "sha256:" + "a".repeat(64);
        ImageReference ref = ImageReference.parse("127.0.0.1:5000/acme/app:v1@" + digest);
        assertThat(ref.registry()).isEqualTo("127.0.0.1:5000");
        assertThat(ref.repository()).isEqualTo("acme/app");
        assertThat(ref.tag()).contains("v1");
        assertThat(ref.digest()).contains(Digest.parse(digest));
        assertThat(ref.reference()).isEqualTo(digest);
        assertThat(ImageReference.parse("localhost/app").registry()).isEqualTo("localhost");
        assertThat(ImageReference.parse("localhost:5000/app:x").tag()).contains("x");
    }

    @Test
    void rejectsUpperCasePathsWithAClearMessage() {
        assertThatThrownBy(() -> ImageReference.parse("registry.example.com/Acme/app"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("invalid image reference 'registry.example.com/Acme/app': path component 'Acme' must be "
                        + "lower-case letters and digits, separated by '.', '_', '__' or '-'");
    }

    @Test
    void rejectsBadTagsDigestsAndEmptyValues() {
        assertThatThrownBy(() -> ImageReference.parse("acme/app:-bad"))
                .hasMessage(
                        "invalid image reference 'acme/app:-bad': tag '-bad' must match [A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");
        assertThatThrownBy(() -> ImageReference.parse("acme/app@sha256:abc"))
                .hasMessage("invalid image reference 'acme/app@sha256:abc': invalid digest 'sha256:abc': expected 64 "
                        + "lower-case hex characters");
        assertThatThrownBy(() -> ImageReference.parse(" ")).hasMessage("invalid image reference '': it is empty");
        assertThatThrownBy(() -> ImageReference.parse("host.com//app")).hasMessageContaining("path component ''");
    }

    @Test
    void withTagAndWithDigestReplaceTheReference() {
        ImageReference ref = ImageReference.parse("ghcr.io/acme/app:old");
        assertThat(ref.withTag("new")).hasToString("ghcr.io/acme/app:new");
        Digest d = Digest.parse("sha256:" + "b".repeat(64));
        assertThat(ref.withDigest(d)).hasToString("ghcr.io/acme/app@" + d);
    }
}
