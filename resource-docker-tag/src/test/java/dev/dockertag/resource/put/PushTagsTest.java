package dev.dockertag.resource.put;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dockertag.resource.protocol.OutRequest;
import dev.dockertag.resource.protocol.Payloads;
import dev.dockertag.resource.protocol.Source;
import dev.dockertag.resource.support.Settings;
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
        OutRequest.Params params = Json.params("{\"image\":\"image\",\"commit_file\":\"commit\",\"additional_tags\":\"tags\"}");

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
