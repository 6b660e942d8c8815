package dev.dockertag.registry;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Blob bytes that can be read more than once (an upload that fails is started again from the beginning). */
public interface BlobContent {

    InputStream open() throws IOException;

    long size();

    static BlobContent of(Path file) {
        return new BlobContent() {
            @Override
            public InputStream open() throws IOException {
                return Files.newInputStream(file);
            }

            @Override
            public long size() {
                try {
                    return Files.size(file);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        };
    }

    static BlobContent of(byte[] bytes) {
        byte[] copy = bytes.clone();
        return new BlobContent() {
            @Override
            public InputStream open() {
                return new ByteArrayInputStream(copy);
            }

            @Override
            public long size() {
                return copy.length;
            }
        };
    }
}
