package dev.dockertag.pipelinegen.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The tracker's branch list: either resource's file, excludes applied, and a file of neither shape named. */
class BranchListTest {

    @TempDir
    Path dir;

    private Path file(String json) throws IOException {
        return Files.writeString(dir.resolve("branches.json"), json);
    }

    @Test
    void namesAreSortedAndExcludeGlobsStopAtSlashesUnlessDoubled() throws IOException {
        Path names = file("[\"main\",\"wip-a\",\"team/wip-b\",\"dependabot/npm/x\",\"main\"]");

        assertThat(BranchList.read(names, List.of("wip-*", "dependabot/**"))).containsExactly("main", "team/wip-b");
        assertThat(BranchList.json(List.of("feat/x", "main"))).isEqualTo("[\"feat/x\",\"main\"]\n");
    }

    @Test
    void aFileOfAnotherShapeIsAnErrorNamingItAndTheEntry() throws IOException {
        Path missing = dir.resolve("missing.json");
        Path object = file("{\"branches\": []}");

        assertThatThrownBy(() -> BranchList.read(missing, List.of()))
                .hasMessage(missing + ": no such file (the branch list the tracker's branches resource writes)");
        assertThatThrownBy(() -> BranchList.read(object, List.of()))
                .hasMessage(object + ": expected a JSON list of branches, not object");
        Path badEntry = file("[\"main\", 7]");
        assertThatThrownBy(() -> BranchList.read(badEntry, List.of()))
                .hasMessage(badEntry + ": entry 1 is neither a branch name nor an object with a \"name\": 7");
    }
}
