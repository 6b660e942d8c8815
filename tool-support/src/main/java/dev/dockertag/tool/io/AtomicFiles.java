package dev.dockertag.tool.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Files written whole or not at all: a temporary file beside the target, then an atomic rename. */
public final class AtomicFiles {

    private AtomicFiles() {}

    /** Writes {@code root} as JSON to {@code file}, creating its directory; a reader never sees half of it. */
    public static void writeJson(Path file, ObjectMapper mapper, JsonNode root) throws IOException {
        write(file, mapper.writeValueAsBytes(root));
    }

    /** Writes {@code bytes} to {@code file}, creating its directory; a reader never sees half of it. */
    public static void write(Path file, byte[] bytes) throws IOException {
        write(file, out -> out.write(bytes));
    }

    /** What is written into the temporary file: all of it, or a failure, after which no file is left. */
    @FunctionalInterface
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    /**
     * Writes {@code content} to {@code file} as it is made (a file too big to build in memory first), creating its
     * directory; a reader never sees half of it, and when {@code content} fails, the target is as it was.
     */
    public static void write(Path file, Content content) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path temp = Files.createTempFile(parent, "." + file.getFileName() + "-", ".tmp");
        try {
            try (OutputStream out = Files.newOutputStream(temp)) {
                content.writeTo(out);
            }
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temp);
        }
    }
}
