package dev.dockertag.registry.archive;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

class LayerGzipTest {

    private static byte[] gzip(byte[] content, int writeSize) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (LayerGzip gzip = new LayerGzip(out)) {
            for (int off = 0; off < content.length; off += writeSize) {
                gzip.write(content, off, Math.min(writeSize, content.length - off));
            }
        }
        return out.toByteArray();
    }

    private static byte[] gunzip(byte[] gzipped) throws IOException {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gzipped))) {
            return in.readAllBytes();
        }
    }

    private static byte[] random(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    private static byte[] text(int size) {
        byte[] line =
                "usr/lib/x86_64-linux-gnu/libexample.so.1 -> libexample.so.1.2.3\n".getBytes(StandardCharsets.UTF_8);
        byte[] bytes = new byte[size];
        for (int i = 0; i < size; i++) {
            bytes[i] = line[i % line.length];
        }
        return bytes;
    }

    @Test
    void incompressibleStretchesAreStoredAndCompressibleOnesCompressedInOneValidStream() throws IOException {
        byte[] randomPart = random(6 * LayerGzip.SKIP, 1);
        byte[] textPart = text(4 * LayerGzip.SKIP);
        byte[] mixed = new byte[randomPart.length + textPart.length];
        System.arraycopy(randomPart, 0, mixed, 0, randomPart.length);
        System.arraycopy(textPart, 0, mixed, randomPart.length, textPart.length);

        byte[] gzipped = gzip(mixed, 100_000);

        assertThat(gunzip(gzipped)).isEqualTo(mixed);
        assertThat(gzipped.length)
                .as("random bytes cost little more than themselves; the text compresses")
                .isLessThan(randomPart.length + randomPart.length / 1000 + textPart.length / 5);
    }

    @Test
    void theSameInputGivesTheSameBytesHoweverItIsWritten() throws IOException {
        byte[] content = random(3 * LayerGzip.SKIP, 2);
        System.arraycopy(text(LayerGzip.SKIP), 0, content, LayerGzip.SKIP, LayerGzip.SKIP);

        assertThat(gzip(content, 8192)).isEqualTo(gzip(content, 1_000_003));
    }

    @Test
    void emptyAndTinyLayersAreValidGzip() throws IOException {
        assertThat(gunzip(gzip(new byte[0], 1))).isEmpty();
        assertThat(gunzip(gzip(text(10), 3))).isEqualTo(text(10));
    }
}
