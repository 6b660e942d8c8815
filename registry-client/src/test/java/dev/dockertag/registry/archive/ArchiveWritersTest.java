package dev.dockertag.registry.archive;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dockertag.registry.image.Descriptor;
import dev.dockertag.registry.image.Digest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the archive writers leave: whole files that a task running as another user can read. */
class ArchiveWritersTest {

    @TempDir
    Path dir;

    @Test
    void everyFileOfAnOciLayoutIsReadableByAll() throws IOException {
        OciLayoutWriter layout = new OciLayoutWriter(dir.resolve("oci"));
        byte[] blob = "a blob".getBytes(StandardCharsets.UTF_8);
        Path temp = layout.newTempFile();
        Files.write(temp, blob);
        layout.commitBlob(temp, Digest.sha256(blob));
        layout.finish();

        try (Stream<Path> files = Files.walk(dir.resolve("oci"))) {
            assertThat(files.filter(Files::isRegularFile).toList())
                    .hasSize(3)
                    .allSatisfy(f -> assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f)))
                            .as(f.toString())
                            .isEqualTo("rw-r--r--"));
        }
    }

    @Test
    void aDockerSaveTarIsReadableByAll() throws IOException {
        byte[] config = "{}".getBytes(StandardCharsets.UTF_8);
        Path configFile = Files.write(dir.resolve("config"), config);
        Descriptor descriptor = new Descriptor(
                "application/vnd.oci.image.config.v1+json",
                Digest.sha256(config).toString(),
                config.length,
                null,
                null,
                null,
                null);

        DockerArchiveWriter.write(
                dir.resolve("image.tar"),
                "r.example/app:1",
                new DockerArchiveWriter.BlobFile(descriptor, configFile),
                List.of());

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("image.tar"))))
                .isEqualTo("rw-r--r--");
    }
}
