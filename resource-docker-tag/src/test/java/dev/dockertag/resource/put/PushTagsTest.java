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
import java.util.List;
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

        PushTags tags = PushTags.of(Settings.of(source), params, sources, List::of);

        assertThat(tags.tags()).containsExactly("4f1c2a9e", "1.4.0", "stable", "feat-x-latest");
        assertThat(tags.versionTag()).isEqualTo("feat-x-latest");
    }

    @Test
    void withoutATrackedTagTheFirstTagNamesTheVersion() throws IOException {
        Files.writeString(sources.resolve("tags"), "1.4.0 stable\n");
        Source source = Json.source("{\"repository\":\"r.example/acme/app\",\"tag_regex\":\"^[0-9.]+$\"}");
        OutRequest.Params params = Json.params("{\"image\":\"image\",\"additional_tags\":\"tags\"}");

        PushTags tags = PushTags.of(Settings.of(source), params, sources, List::of);

        assertThat(tags.tags()).containsExactly("1.4.0", "stable");
        assertThat(tags.versionTag()).isEqualTo("1.4.0");
    }

    @Test
    void aVersionIsTaggedInFullAndItsAliasesOnlyWhereItIsTheNewest() throws IOException {
        Source source = Json.source("{\"repository\":\"r.example/acme/app\"}");
        OutRequest.Params bump = Json.params("{\"image\":\"image\",\"version\":\"v1.2.3\",\"bump_aliases\":true}");

        assertThat(PushTags.of(Settings.of(source), bump, sources, List::of).tags())
                .as("a first release heads every alias")
                .containsExactly("1.2.3", "latest", "1", "1.2");
        assertThat(PushTags.of(Settings.of(source), bump, sources, () -> List.of("2.0.0", "1.2.0", "latest"))
                        .tags())
                .as("2.0.0 keeps latest")
                .containsExactly("1.2.3", "1", "1.2");
        assertThat(PushTags.of(Settings.of(source), bump, sources, () -> List.of("1.3.0", "2.0.0-rc.1"))
                        .tags())
                .as("1.3.0 keeps latest and 1; a pre-release counts for nothing")
                .containsExactly("1.2.3", "1.2");
        assertThat(PushTags.of(Settings.of(source), bump, sources, () -> List.of("1.2.4"))
                        .tags())
                .as("1.2.4 keeps 1.2 and 1")
                .containsExactly("1.2.3");
        assertThat(PushTags.of(
                                Settings.of(source),
                                Json.params("{\"image\":\"image\",\"version\":\"2.0.0-rc.1\",\"bump_aliases\":true}"),
                                sources,
                                List::of)
                        .tags())
                .as("a pre-release bumps no alias")
                .containsExactly("2.0.0-rc.1");
    }

    @Test
    void aVariantSuffixesTheVersionAndItsAliasesAndComparesOnlyWithItsOwn() throws IOException {
        Source source = Json.source("{\"repository\":\"r.example/acme/app\",\"variant\":\"alpine\"}");
        OutRequest.Params bump = Json.params("{\"image\":\"image\",\"version\":\"1.2\",\"bump_aliases\":true}");

        assertThat(PushTags.of(Settings.of(source), bump, sources, () -> List.of("3.0.0", "1.3.0-slim"))
                        .tags())
                .containsExactly("1.2.0-alpine", "alpine", "1-alpine", "1.2-alpine");
    }

    @Test
    void aVersionThatIsNotSemverAndAliasesWithoutAVersionAreRefused() {
        Source source = Json.source("{\"repository\":\"r.example/acme/app\"}");

        assertThatThrownBy(() -> PushTags.of(
                        Settings.of(source),
                        Json.params("{\"image\":\"image\",\"version\":\"soon\"}"),
                        sources,
                        List::of))
                .isInstanceOf(HintedException.class)
                .hasMessage("params.version 'soon' is not a semantic version");
        assertThatThrownBy(() -> PushTags.of(
                        Settings.of(source),
                        Json.params("{\"image\":\"image\",\"bump_aliases\":true}"),
                        sources,
                        List::of))
                .isInstanceOf(HintedException.class)
                .hasMessage("params.bump_aliases needs params.version");
    }

    @Test
    void aParamThatLeadsOutOfTheBuildDirectoryIsRefusedNamingTheKey(@TempDir Path outside) throws IOException {
        Path build = Files.createDirectories(sources.resolve("build"));
        Files.writeString(outside.resolve("secret"), "hunter2\n");
        Files.createSymbolicLink(build.resolve("commit"), outside.resolve("secret"));
        Source source = Json.source("{\"repository\":\"r.example/acme/app\",\"branch\":\"main\"}");

        assertThatThrownBy(() -> PushTags.of(
                        Settings.of(source),
                        Json.params("{\"image\":\"image\",\"commit_file\":\"commit\"}"),
                        build,
                        List::of))
                .isInstanceOf(HintedException.class)
                .hasMessage("params.commit_file: 'commit' leads outside the build directory (" + build + ")");
        Files.writeString(sources.resolve("tags"), "stolen\n");
        assertThatThrownBy(() -> PushTags.of(
                        Settings.of(source),
                        Json.params("{\"image\":\"image\",\"additional_tags\":\"../tags\"}"),
                        build,
                        List::of))
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
