package dev.dockertag.resource;

import static dev.dockertag.resource.ResourceScripts.request;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dockertag.testsupport.StubRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A plain-HTTP registry behind a captive portal ({@link StubRegistry#captivePortal()}: every answer a 200 HTML login
 * page): the packaged check and in refuse the page, naming the host and what came back, instead of taking its digest as
 * a version (a check that succeeds with one would trigger every job downstream). And one that redirects forever
 * ({@link StubRegistry}): named as a redirect loop, with no hint about broken connections.
 */
class CaptivePortalIT {

    @TempDir
    static Path work;

    static StubRegistry portal;
    static ResourceScripts scripts;

    @BeforeAll
    static void start() throws IOException {
        portal = StubRegistry.captivePortal();
        scripts = new ResourceScripts(Files.createDirectories(work.resolve("tmp")));
    }

    @AfterAll
    static void stop() {
        portal.close();
    }

    private static Map<String, Object> source() {
        return Map.of("repository", portal.host() + "/team/app", "insecure", true, "branch", "main");
    }

    @Test
    void aCheckRefusesALoginPageInsteadOfReportingItsDigest() {
        ResourceScripts.Run check = scripts.run("check", request("source", source()));

        assertThat(check.exitCode()).isEqualTo(1);
        assertThat(check.stdout()).isEmpty();
        assertThat(check.stderr().lines().findFirst().orElseThrow())
                .isEqualTo("error: tried to fetch manifest " + portal.host() + "/team/app:main-latest: " + portal.host()
                        + " answered text/html, not a manifest: is this a registry, or a proxy's login page?");
    }

    @Test
    void anInRefusesItTooAndWritesNothing() throws IOException {
        Path destination = Files.createDirectories(work.resolve("in"));
        String digest = "sha256:" + "2".repeat(64);

        ResourceScripts.Run in = scripts.run(
                "in",
                request("source", source(), "version", Map.of("tag", "main-latest", "digest", digest)),
                destination.toString());

        assertThat(in.exitCode()).isEqualTo(1);
        assertThat(in.stdout()).isEmpty();
        assertThat(in.stderr().lines().findFirst().orElseThrow())
                .startsWith("error: tried to ")
                .endsWith(portal.host() + " answered text/html, not a manifest: is this a registry, or a proxy's"
                        + " login page?");
        assertThat(destination).isEmptyDirectory();
    }

    @Test
    void aRedirectLoopIsNamedAsOneWithoutAHintThatDoesNotApply() {
        try (StubRegistry loop = StubRegistry.redirectingForever()) {
            ResourceScripts.Run check = scripts.run(
                    "check",
                    request(
                            "source",
                            Map.of("repository", loop.host() + "/team/app", "insecure", true, "branch", "main")));

            assertThat(check.exitCode()).isEqualTo(1);
            assertThat(check.stdout()).isEmpty();
            assertThat(check.stderr())
                    .isEqualTo("error: tried to resolve " + loop.host() + "/team/app:main-latest: the redirects from "
                            + loop.host() + " never ended (more than 20 in a row): a redirect loop\n");
        }
    }
}
