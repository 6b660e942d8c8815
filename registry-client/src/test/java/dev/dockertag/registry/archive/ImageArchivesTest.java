package dev.dockertag.registry.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dockertag.registry.image.Digest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageArchivesTest {

    @TempDir
    Path dir;

    @Test
    void missingPathAndPlainDirectoryAreClearErrors() {
        assertThatThrownBy(() -> ImageArchives.open(dir.resolve("nope.tar"), Optional.empty()))
                .hasMessage(dir.resolve("nope.tar") + " does not exist");
        assertThatThrownBy(() -> ImageArchives.open(dir, Optional.empty()))
                .hasMessage(dir + " is a directory but not an OCI image layout (no index.json)");
    }

    @Test
    void fileThatIsNoTarIsAClearError() throws Exception {
        Path file = dir.resolve("image.tar");
        Files.writeString(
                file, "definitely not a tar archive, just some text that is long enough to fill a header".repeat(10));
        assertThatThrownBy(() -> ImageArchives.open(file, Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(file.toString());
    }

    @Test
    void layoutWithSeveralImagesNeedsAName() throws Exception {
        Path layout = Files.createDirectories(dir.resolve("layout"));
        Files.writeString(layout.resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
        String a = manifest(
                layout,
                "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"layers\":[]}");
        String b = manifest(
                layout,
                "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"layers\":[{}]}");
        Files.writeString(
                layout.resolve("index.json"),
                "{\"schemaVersion\":2,\"manifests\":[" + entry(a, "one") + "," + entry(b, "two") + "]}");

        assertThatThrownBy(() -> ImageArchives.open(layout, Optional.empty()))
                .hasMessage("oci-layout " + layout + " holds 2 images; name the one to use (names: one, two)");
        assertThatThrownBy(() -> ImageArchives.open(layout, Optional.of("three")))
                .hasMessage("oci-layout " + layout + " has no image named 'three' (names: one, two)");
        try (ImageSource source = ImageArchives.open(layout, Optional.of("two"))) {
            assertThat(source.root().digest()).hasToString(b.split(" ")[0]);
        }
    }

    @Test
    void corruptManifestInALayoutIsRefused() throws Exception {
        Path layout = Files.createDirectories(dir.resolve("corrupt"));
        String m =
                manifest(layout, "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\"}");
        String digest = m.split(" ")[0];
        Files.writeString(layout.resolve("blobs/sha256/" + digest.substring(7)), "{\"tampered\":true}");
        Files.writeString(layout.resolve("index.json"), "{\"schemaVersion\":2,\"manifests\":[" + entry(m, "x") + "]}");
        assertThatThrownBy(() -> ImageArchives.open(layout, Optional.empty()))
                .hasMessageStartingWith("oci-layout " + layout + ": manifest " + digest + " has digest sha256:")
                .hasMessageEndingWith("(the archive is corrupt)");
    }

    @Test
    void aBlobThatIsALinkOutOfTheLayoutIsRefused() throws Exception {
        Path outside = Files.writeString(dir.resolve("secret"), "{\"schemaVersion\":2,\"layers\":[]}");
        Digest d = Digest.sha256(Files.readAllBytes(outside));
        Path layout = Files.createDirectories(dir.resolve("linked/blobs/sha256"))
                .getParent()
                .getParent();
        Files.createSymbolicLink(layout.resolve("blobs/sha256/" + d.hex()), outside);
        Files.writeString(
                layout.resolve("index.json"),
                "{\"schemaVersion\":2,\"manifests\":[" + entry(d + " " + Files.size(outside), "x") + "]}");

        assertThatThrownBy(() -> ImageArchives.open(layout, Optional.empty()))
                .hasMessage("oci-layout " + layout + ": blobs/sha256/" + d.hex()
                        + " is a link that leads outside the layout; refusing to read it");
    }

    @Test
    void anIndexThatIsALinkOutOfTheLayoutIsRefused() throws Exception {
        Path layout = Files.createDirectories(dir.resolve("linked-index"));
        Path elsewhere =
                Files.writeString(dir.resolve("index-elsewhere.json"), "{\"schemaVersion\":2,\"manifests\":[]}");
        Files.createSymbolicLink(layout.resolve("index.json"), elsewhere);

        assertThatThrownBy(() -> ImageArchives.open(layout, Optional.empty()))
                .hasMessage("oci-layout " + layout + ": index.json is a link that leads outside the layout;"
                        + " refusing to read it");
    }

    /** Writes a manifest blob; returns "digest size". */
    private static String manifest(Path layout, String json) throws Exception {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        Digest d = Digest.sha256(bytes);
        Files.createDirectories(layout.resolve("blobs/sha256"));
        Files.write(layout.resolve("blobs/sha256/" + d.hex()), bytes);
        return d + " " + bytes.length;
    }

    private static String entry(String digestAndSize, String name) {
        String[] parts = digestAndSize.split(" ");
        return "{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\"" + parts[0] + "\",\"size\":"
                + parts[1] + ",\"annotations\":{\"org.opencontainers.image.ref.name\":\"" + name + "\"}}";
    }
}
