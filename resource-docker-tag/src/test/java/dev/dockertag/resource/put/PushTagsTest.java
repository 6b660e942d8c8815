package dev.dockertag.resource.put;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dockertag.failures.HintedException;
import dev.dockertag.resource.protocol.OutRequest;
import dev.dockertag.resource.protocol.Payloads;
import dev.dockertag.resource.protocol.Source;
import dev.dockertag.resource.source.Settings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The order of a put's tags: everything else first, the tag check follows last. */
class PushTagsTest {

    @TempDir
    Path sources;

    @Test
    void theTrackedTagIsPushedLastAndNamesTheVersion() throws IOException {
        Files.writeString(sources.resolve("commit"), "4f1c2a9e\n");
        Files.writeString(sources.resolve("tags"), "1.4.0 stable\n");
        Source source = Json.source("{\"repository\":\"r.example/acme/app\",\"branch\":\"feat/x\"}");
        OutRequest.Params params =
                Json.params("{\"image\":\"image\",\"commit_file\":\"commit\",\"additional_tags\":\"tags\"}");

        PushTags tags = PushTags.of(Settings.of(source), params, sources);

        assertThat(tags.tags()).containsExactly("4f1c2a9e", "1.4.0", "stable", "feat-x-latest");
        assertThat(tags.versionTag()).isEqualTo("feat-x-latest");
    }

    @Test
    void withoutATrackedTagTheFirstTagNamesTheVersion() throws IOException {
        Files.writeString(sources.resolve("tags"), "1.4.0 stable\n");
        Source source = Json.source("{\"repository\":\"r.example/acme/app\",\"tag_regex\":\"^[0-9.]+$\"}");
        OutRequest.Params params = Json.params("{\"image\":\"image\",\"additional_tags\":\"tags\"}");

        PushTags tags = PushTags.of(Settings.of(source), params, sources);

        assertThat(tags.tags()).containsExactly("1.4.0", "stable");
        assertThat(tags.versionTag()).isEqualTo("1.4.0");
    }

    @Test
    void aParamThatLeadsOutOfTheBuildDirectoryIsRefusedNamingTheKey(@TempDir Path outside) throws IOException {
        Path build = Files.createDirectories(sources.resolve("build"));
        Files.writeString(outside.resolve("secret"), "hunter2\n");
        Files.createSymbolicLink(build.resolve("commit"), outside.resolve("secret"));
        Source source = Json.source("{\"repository\":\"r.example/acme/app\",\"branch\":\"main\"}");

        assertThatThrownBy(() -> PushTags.of(
                        Settings.of(source), Json.params("{\"image\":\"image\",\"commit_file\":\"commit\"}"), build))
                .isInstanceOf(HintedException.class)
                .hasMessage("params.commit_file: 'commit' leads outside the build directory (" + build + ")");
        Files.writeString(sources.resolve("tags"), "stolen\n");
        assertThatThrownBy(() -> PushTags.of(
                        Settings.of(source),
                        Json.params("{\"image\":\"image\",\"additional_tags\":\"../tags\"}"),
                        build))
                .hasMessage("params.additional_tags: '../tags' leads outside the build directory (" + build + ")");
    }

    @Test
    void anImageGlobThatMatchesALinkOutOfTheBuildDirectoryIsRefused(@TempDir Path outside) throws IOException {
        Files.createDirectories(sources.resolve("image"));
        Files.createSymbolicLink(sources.resolve("image/image.tar"), outside.resolve("other.tar"));
        Files.writeString(outside.resolve("other.tar"), "not ours");

        assertThatThrownBy(() -> SourceGlob.single(sources, "image/*.tar", "params.image"))
                .hasMessage("params.image: 'image/*.tar' leads outside the build directory (" + sources + ")");
    }

    /** The payloads as the resource reads them from stdin. */
    private static final class Json {
        static Source source(String json) {
            return Payloads.read(json.getBytes(StandardCharsets.UTF_8), Source.class);
        }

        static OutRequest.Params params(String json) {
            return Payloads.read(json.getBytes(StandardCharsets.UTF_8), OutRequest.Params.class);
        }
    }
}
