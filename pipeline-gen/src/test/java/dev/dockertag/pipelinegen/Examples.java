package dev.dockertag.pipelinegen;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;

/** The example repository under examples/, and copies of it to change in tests. */
public final class Examples {

    /** The top of a config for the example repository, for tests that write their own images and jobs. */
    public static final String CONFIG_HEAD = """
            name: banana
            git: {uri: https://git.example.com/acme/banana.git}
            registry: {prefix: registry.example.com/acme}
            resource_type_image: registry.example.com/acme/resource-docker-tag
            """;

    private Examples() {}

    public static Path banana() {
        Path dir = Path.of("..", "examples", "banana").toAbsolutePath().normalize();
        if (!Files.isDirectory(dir)) {
            throw new IllegalStateException(
                    "examples/banana not found from " + Path.of("").toAbsolutePath());
        }
        return dir;
    }

    /** A copy of examples/banana in {@code target}. */
    public static Path copyBanana(Path target) {
        Path source = banana();
        try (Stream<Path> files = Files.walk(source)) {
            for (Path file : files.toList()) {
                Path to = target.resolve(source.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(file, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return target;
    }

    /** A copy of examples/banana in {@code target} whose pipeline-gen.yml ends with {@code extra}; its config file. */
    public static Path bananaWith(Path target, String extra) {
        Path config = copyBanana(target).resolve("pipeline-gen.yml");
        try {
            Files.writeString(config, Files.readString(config) + extra);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return config;
    }

    public static void write(Path file, String text) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
