package dev.dockertag.failures;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dockertag.failures.RegistryFailures.Keys;
import dev.dockertag.registry.RegistryException;
import dev.dockertag.registry.rootfs.LayerRejectedException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Every row of the table from a failure to its error lines, hint and exit code, exactly. */
class FailureReportTest {

    @Test
    void aHintedFailureKeepsItsLinesItsHintAndItsExitCode() {
        assertThat(FailureReport.of(
                        new HintedException(
                                "reaper.yml: repositories: required\nreaper.yml: gc: unknown" + " key 'comand'",
                                "see the README's reaper table",
                                2),
                        Keys.REAPER))
                .isEqualTo(new FailureReport(
                        List.of("reaper.yml: repositories: required", "reaper.yml: gc: unknown key 'comand'"),
                        Optional.of("see the README's reaper table"),
                        2));
        assertThat(FailureReport.of(new HintedException("source.repository is required"), Keys.RESOURCE))
                .isEqualTo(new FailureReport(List.of("source.repository is required"), Optional.empty(), 1));
    }

    @Test
    void aRegistryFailureIsTheRegistryTablesRowWithTheToolsKeys() {
        RegistryException forbidden = new RegistryException(
                "delete r.example/acme/app@sha256:ab",
                403,
                "DENIED",
                "denied: requested access to the resource is denied");

        assertThat(FailureReport.of(forbidden, Keys.REAPER))
                .isEqualTo(new FailureReport(
                        List.of(
                                "tried to delete r.example/acme/app@sha256:ab: denied: requested access to the resource is denied"),
                        Optional.of("the credentials in registry.username are not allowed to do this in repositories"),
                        1));
        assertThat(FailureReport.of(forbidden, Keys.RESOURCE).hint())
                .hasValue("the credentials in source.username are not allowed to do this in source.repository");
        assertThat(FailureReport.of(
                        new RegistryException("list tags of r.example/acme/app", 500, null, "boom"), Keys.RESOURCE))
                .isEqualTo(new FailureReport(
                        List.of("tried to list tags of r.example/acme/app: boom"), Optional.empty(), 1));
    }

    @Test
    void failuresThatExplainThemselvesAreTheirMessage() {
        for (RuntimeException failure : List.of(
                new LayerRejectedException("layer 2: ../etc/passwd leaves the rootfs"),
                new UncheckedIOException("layer 2: ../etc/passwd leaves the rootfs", new IOException("x")),
                new IllegalArgumentException("layer 2: ../etc/passwd leaves the rootfs"),
                new IllegalStateException("layer 2: ../etc/passwd leaves the rootfs"))) {
            assertThat(FailureReport.of(failure, Keys.RESOURCE))
                    .as(failure.getClass().getSimpleName())
                    .isEqualTo(new FailureReport(
                            List.of("layer 2: ../etc/passwd leaves the rootfs"), Optional.empty(), 1));
        }
    }

    @Test
    void anotherIoFailureSaysItWasIoAndAnythingElseIsUnexpected() {
        assertThat(FailureReport.of(new FileNotFoundException("/tmp/build/out/image/index.json"), Keys.RESOURCE))
                .isEqualTo(
                        new FailureReport(List.of("I/O failed: /tmp/build/out/image/index.json"), Optional.empty(), 1));
        assertThat(FailureReport.of(new NullPointerException("repo is null"), Keys.RESOURCE))
                .isEqualTo(new FailureReport(
                        List.of("unexpected NullPointerException: repo is null"), Optional.empty(), 1));
        assertThat(FailureReport.of(new NullPointerException(), Keys.RESOURCE).oneLine())
                .isEqualTo("unexpected NullPointerException: null");
    }

    @Test
    void theResourcesOneLineJoinsTheLines() {
        assertThat(FailureReport.of(new HintedException("first\nsecond\r\nthird"), Keys.RESOURCE)
                        .oneLine())
                .isEqualTo("first second third");
        assertThat(FailureReport.of(new HintedException(null), Keys.RESOURCE).errors())
                .containsExactly("(no message)");
    }
}
