package dev.dockertag.reaper.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dockertag.testsupport.FaultProxy;
import dev.dockertag.testsupport.LocalRegistryExtension;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reaper's run is bounded as a whole ({@code --timeout}): a registry that never answers (the real registry behind
 * {@link FaultProxy}, stalling every request) ends the run at its deadline with a line that says so, not after the
 * per-read timeouts and retries of every request.
 */
class DeadlineIT {

    @RegisterExtension
    static LocalRegistryExtension registry = LocalRegistryExtension.anonymous();

    @TempDir
    Path temp;

    @Test
    void aRegistryThatNeverAnswersEndsTheRunAtItsTimeout() throws IOException {
        try (FaultProxy proxy = FaultProxy.to(registry.get().host())) {
            proxy.stallBeforeHeaders("^", FaultProxy.ALWAYS);
            String repository = proxy.host() + "/acme/app";
            UndoFixture fixture = UndoFixture.in(temp, repository);

            long start = System.nanoTime();
            Reaper.Run undo = Reaper.run(
                    "undo",
                    "--timeout",
                    "3s",
                    "-c",
                    fixture.config().toString(),
                    fixture.journal().toString());
            Duration took = Duration.ofNanos(System.nanoTime() - start);

            assertThat(undo.exitCode()).isEqualTo(1);
            assertThat(undo.stderr())
                    .contains("error: tried to ")
                    .contains(": the deadline of 3s passed before the registry answered\n");
            assertThat(took)
                    .as("the deadline, not 5 attempts of a 120 s read timeout")
                    .isLessThan(Duration.ofSeconds(20));
        }
    }

    @Test
    void aTimeoutThatIsNotADurationIsRefusedNamingTheOption() throws IOException {
        UndoFixture fixture = UndoFixture.in(temp, registry.get().host() + "/acme/app");

        Reaper.Run plan =
                Reaper.run("plan", "--timeout", "soon", "-c", fixture.config().toString());

        assertThat(plan.exitCode()).as("a bad option value is a usage error").isEqualTo(64);
        assertThat(plan.stderr())
                .isEqualTo("error: Invalid value for option '--timeout': 'soon' is not a duration: write it"
                        + " like 24h, 1h30m, 90m, 45s or 7d\nhint: reaper plan --help lists its options\n");
    }

    @Test
    void aTimeoutOfNoTimeIsRefusedNamingTheOption() throws IOException {
        UndoFixture fixture = UndoFixture.in(temp, registry.get().host() + "/acme/app");

        Reaper.Run apply =
                Reaper.run("apply", "--timeout", "0s", "-c", fixture.config().toString());

        assertThat(apply.exitCode()).isEqualTo(64);
        assertThat(apply.stderr())
                .isEqualTo("error: Invalid value for option '--timeout': '0s' leaves no time: write it"
                        + " like 24h, 1h30m, 90m, 45s or 7d\nhint: reaper apply --help lists its options\n");
    }
}
