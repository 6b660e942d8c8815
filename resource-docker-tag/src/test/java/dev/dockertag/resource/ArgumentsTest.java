package dev.dockertag.resource;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dockertag.failures.ExitCodes;
import dev.dockertag.resource.Arguments.Invocation;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ArgumentsTest {

    @Test
    void aScriptAndItsDirectoryAreWhatConcoursePasses() {
        assertThat(Arguments.parse("check")).isEqualTo(new Invocation.Run(Arguments.Script.CHECK, Optional.empty()));
        assertThat(Arguments.parse("in", "/tmp/build/get"))
                .isEqualTo(new Invocation.Run(Arguments.Script.IN, Optional.of(Path.of("/tmp/build/get"))));
        assertThat(Arguments.parse("out"))
                .as("a missing directory is the script's own error, naming what Concourse passes")
                .isEqualTo(new Invocation.Run(Arguments.Script.OUT, Optional.empty()));
    }

    @Test
    void helpAndVersionExitZero() {
        assertThat(Arguments.parse("--help")).isEqualTo(new Invocation.Say(Arguments.USAGE, 0));
        assertThat(Arguments.parse("-V")).isEqualTo(new Invocation.Say("resource-docker-tag 0.1.0\n", 0));
        Invocation checkHelp = Arguments.parse("check", "-h");
        assertThat(checkHelp).isInstanceOf(Invocation.Say.class);
        assertThat(((Invocation.Say) checkHelp).text()).startsWith("Usage: resource-docker-tag check < request.json\n");
        assertThat(((Invocation.Say) checkHelp).exitCode()).isZero();
    }

    @Test
    void usageErrorsNameTheArgumentAndExitWithTheUsageCode() {
        assertSays(Arguments.parse(), ExitCodes.USAGE, "error: no script given: expected check, in or out");
        assertSays(Arguments.parse("get"), ExitCodes.USAGE, "error: unknown script 'get': expected check, in or out");
        assertSays(Arguments.parse("check", "/tmp"), ExitCodes.USAGE, "error: check takes no argument, got: /tmp");
        assertSays(
                Arguments.parse("in", "a", "b"),
                ExitCodes.USAGE,
                "error: in takes one argument, <destination>, got: a b");
        assertSays(
                Arguments.parse("out", "--debug", "dir"), ExitCodes.USAGE, "error: unknown option '--debug' for out");
    }

    private static void assertSays(Invocation invocation, int exitCode, String firstLine) {
        assertThat(invocation).isInstanceOf(Invocation.Say.class);
        Invocation.Say say = (Invocation.Say) invocation;
        assertThat(say.exitCode()).isEqualTo(exitCode);
        assertThat(say.text().lines().findFirst()).contains(firstLine);
        assertThat(say.text()).contains("Usage: resource-docker-tag");
    }
}
