package dev.dockertag.registry.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.dockertag.registry.archive.ImageArchives;
import dev.dockertag.registry.archive.ImageSource;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * What a build directory hands {@code out}: an OCI layout whose {@code index.json} is the fuzzer's, and a {@code docker
 * save} tar whose {@code manifest.json} is. Opened and read, or refused with an {@link IllegalArgumentException} or an
 * {@link IOException} (the documented refusals), never another exception.
 */
class ArchiveFuzzTest {

    private static final byte[] CONFIG =
            "{\"architecture\":\"amd64\",\"os\":\"linux\"}".getBytes(StandardCharsets.UTF_8);

    @FuzzTest(maxDuration = "60s")
    void ociLayoutIndex(byte[] indexJson) throws IOException {
        Path layout = Files.createTempDirectory("layout-fuzz-");
        try {
            Files.writeString(layout.resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
            Files.createDirectories(layout.resolve("blobs/sha256"));
            Files.write(layout.resolve("index.json"), indexJson);
            read(layout);
        } finally {
            delete(layout);
        }
    }

    @FuzzTest(maxDuration = "60s")
    void dockerSaveManifest(byte[] manifestJson) throws IOException {
        Path dir = Files.createTempDirectory("save-fuzz-");
        try {
            Path tar = dir.resolve("image.tar");
            try (OutputStream out = Files.newOutputStream(tar);
                    TarArchiveOutputStream archive = new TarArchiveOutputStream(out)) {
                add(archive, "manifest.json", manifestJson);
                add(archive, "config.json", CONFIG);
            }
            read(tar);
        } finally {
            delete(dir);
        }
    }

    private static void read(Path path) throws IOException {
        try (ImageSource source = ImageArchives.open(path, Optional.empty())) {
            source.root();
            source.uncompressedLayers();
        } catch (IllegalArgumentException | IOException e) {
            // the documented refusals
        }
    }

    private static void add(TarArchiveOutputStream archive, String name, byte[] bytes) throws IOException {
        TarArchiveEntry entry = new TarArchiveEntry(name);
        entry.setSize(bytes.length);
        archive.putArchiveEntry(entry);
        archive.write(bytes);
        archive.closeArchiveEntry();
    }

    private static void delete(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
