package dev.dockertag.reaper.gc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CommandGarbageCollectorTest {

    private final List<String> log = new ArrayList<>();

    @Test
    void theCommandsOutputGoesToTheLog() {
        String summary = new CommandGarbageCollector(List.of("sh", "-c", "echo 3 blobs eligible; echo done >&2"))
                .collect(log::add);

        assertThat(summary).isEqualTo("gc.command finished");
        assertThat(log)
                .containsExactly(
                        "gc: running sh -c echo 3 blobs eligible; echo done >&2", "gc: 3 blobs eligible", "gc: done");
    }

    @Test
    void aCommandThatCannotBeStartedSaysWhatGcCommandMustName() {
        assertThatThrownBy(() -> new CommandGarbageCollector(List.of("/nonexistent/registry-gc")).collect(log::add))
                .isInstanceOf(GcFailure.class)
                .hasMessageStartingWith(
                        "gc.command could not be started: Cannot run program \"/nonexistent/registry-gc\"")
                .satisfies(e -> assertThat(((GcFailure) e).hint())
                        .hasValue("gc.command[0] must be an executable on PATH or a path to one"));
    }
}
