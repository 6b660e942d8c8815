package dev.dockertag.registry.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.dockertag.registry.rootfs.LayerApplier;
import dev.dockertag.registry.rootfs.LayerRejectedException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A layer's bytes (tar, gzip'd or zstd'd tar) unpacked into a fresh root: applied, or refused with an
 * {@link IOException} or a {@link LayerRejectedException} (the documented refusals), never anything else, and never a
 * file outside the root.
 */
class LayerFuzzTest {

    @FuzzTest(maxDuration = "60s")
    void layer(byte[] bytes) throws IOException {
        Path scratch = Files.createTempDirectory("layer-fuzz-");
        try {
            Path root = scratch.resolve("root");
            new LayerApplier(root, false).apply(new ByteArrayInputStream(bytes), "fuzzed layer");
        } catch (IOException | LayerRejectedException e) {
            // the documented refusals
        } finally {
            try (Stream<Path> files = Files.walk(scratch)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    if (!p.startsWith(scratch)) {
                        throw new AssertionError("written outside the root: " + p);
                    }
                    p.toFile().setWritable(true);
                    Files.deleteIfExists(p);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
