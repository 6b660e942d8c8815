package dev.dockertag.resource.put;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dockertag.failures.HintedException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SourceGlobTest {

    @TempDir
    Path build;

    @Test
    void matchesExactlyOneFileOrDirectoryRelativeToTheBuild() throws IOException {
        Files.createDirectories(build.resolve("image/blobs"));
        Files.writeString(build.resolve("image/index.json"), "{}");
        Files.createDirectories(build.resolve("out"));
        Files.writeString(build.resolve("out/app-1.2.tar"), "x");

        assertThat(SourceGlob.single(build, "image", "params.image")).isEqualTo(build.resolve("image"));
        assertThat(SourceGlob.single(build, "./image/", "params.image")).isEqualTo(build.resolve("image"));
        assertThat(SourceGlob.single(build, "out/app-*.tar", "params.image"))
                .isEqualTo(build.resolve("out/app-1.2.tar"));
    }

    @Test
    void aStarDoesNotCrossDirectories() throws IOException {
        Files.createDirectories(build.resolve("a/b"));
        Files.writeString(build.resolve("a/b/image.tar"), "x");

        assertThatThrownBy(() -> SourceGlob.single(build, "*.tar", "params.image"))
                .isInstanceOf(HintedException.class)
                .hasMessage("params.image: nothing matches '*.tar' in " + build);
        assertThat(SourceGlob.single(build, "**/image.tar", "params.image")).isEqualTo(build.resolve("a/b/image.tar"));
    }

    @Test
    void refusesAbsolutePaths() {
        assertThatThrownBy(() -> SourceGlob.single(build, "/etc/passwd", "params.image"))
                .isInstanceOf(HintedException.class)
                .hasMessageStartingWith("params.image '/etc/passwd' is absolute");
    }
}
