package dev.dockertag.reaper.apply;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JournalDirectoryTest {

    @Test
    void theUsersStateDirectoryFirstThenTheHomeStateDirectoryThenTmpdirNeverTheCurrentDirectory() {
        assertThat(Journal.defaultDirectory(Map.of("XDG_STATE_HOME", "/s", "HOME", "/h", "TMPDIR", "/t")))
                .isEqualTo(Path.of("/s/dockertag-reaper"));
        assertThat(Journal.defaultDirectory(Map.of("HOME", "/h", "TMPDIR", "/t")))
                .isEqualTo(Path.of("/h/.local/state/dockertag-reaper"));
        assertThat(Journal.defaultDirectory(Map.of("TMPDIR", "/t"))).isEqualTo(Path.of("/t/dockertag-reaper"));
        assertThat(Journal.defaultDirectory(Map.of()))
                .isEqualTo(Path.of(System.getProperty("java.io.tmpdir"), "dockertag-reaper"));
    }

    @Test
    void relativeValuesAreIgnoredAsTheXdgSpecificationSays() {
        assertThat(Journal.defaultDirectory(Map.of("XDG_STATE_HOME", "state", "HOME", "/h")))
                .isEqualTo(Path.of("/h/.local/state/dockertag-reaper"));
    }
}
