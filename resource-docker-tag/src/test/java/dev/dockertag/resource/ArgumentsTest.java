package dev.dockertag.resource;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dockertag.resource.ResourceCommands.Invocation;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ResourceCommandsTest {

    @Test
    void aScriptAndItsDirectoryAreWhatConcoursePasses() {
        assertThat(ResourceCommands.parse("check"))
                .isEqualTo(new Invocation.Run(ResourceCommands.Script.CHECK, Optional.empty()));
        assertThat(ResourceCommands.parse("in", "/tmp/build/get"))
                .isEqualTo(new Invocation.Run(ResourceCommands.Script.IN, Optional.of(Path.of("/tmp/build/get"))));
        assertThat(ResourceCommands.parse("out"))
                .as("a missing directory is the script's own error, naming what Concourse passes")
                .isEqualTo(new Invocation.Run(ResourceCommands.Script.OUT, Optional.empty()));
    }

    @Test
    void helpAndVersionExitZero() {
        assertThat(ResourceCommands.parse("--help")).isEqualTo(new Invocation.Say(ResourceCommands.USAGE, 0));
        assertThat(ResourceCommands.parse("-V")).isEqualTo(new Invocation.Say("resource-docker-tag 0.1.0\n", 0));
        Invocation checkHelp = ResourceCommands.parse("check", "-h");
        assertThat(checkHelp).isInstanceOf(Invocation.Say.class);
        assertThat(((Invocation.Say) checkHelp).text()).startsWith("Usage: resource-docker-tag check < request.json\n");
        assertThat(((Invocation.Say) checkHelp).exitCode()).isZero();
    }

    @Test
    void usageErrorsNameTheArgumentAndExitTwo() {
        assertSays(ResourceCommands.parse(), 2, "error: no script given: expected check, in or out");
        assertSays(ResourceCommands.parse("get"), 2, "error: unknown script 'get': expected check, in or out");
        assertSays(ResourceCommands.parse("check", "/tmp"), 2, "error: check takes no argument, got: /tmp");
        assertSays(ResourceCommands.parse("in", "a", "b"), 2, "error: in takes one argument, <destination>, got: a b");
        assertSays(ResourceCommands.parse("out", "--debug", "dir"), 2, "error: unknown option '--debug' for out");
    }

    private static void assertSays(Invocation invocation, int exitCode, String firstLine) {
        assertThat(invocation).isInstanceOf(Invocation.Say.class);
        Invocation.Say say = (Invocation.Say) invocation;
        assertThat(say.exitCode()).isEqualTo(exitCode);
        assertThat(say.text().lines().findFirst()).contains(firstLine);
        assertThat(say.text()).contains("Usage: resource-docker-tag");
    }
}
