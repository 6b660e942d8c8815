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
 * a version (a check that succeeds with one would trigger every job downstream). And the other registries of our own in
 * {@link StubRegistry}: one that redirects forever (named as a redirect loop, with no hint about broken connections),
 * one whose manifests never end (refused at 4 MiB, not retried), and one whose blob storage wants its own credentials
 * (its host named, not the registry's).
 */
class HostileRegistryIT {

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

    /** The packaged in, asked for {@code main-latest} at {@code digest}. */
    private static ResourceScripts.Run in(Map<String, Object> source, String digest, Path destination) {
        return scripts.run(
                "in",
                request("source", source, "version", Map.of("tag", "main-latest", "digest", digest)),
                destination.toString());
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

        ResourceScripts.Run in = in(source(), digest, destination);

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

    @Test
    void aManifestThatNeverEndsIsRefusedAtFourMebibytesAndNotAskedForAgain() throws IOException {
        try (StubRegistry endless = StubRegistry.oversizedManifests(64 * 1024 * 1024)) {
            Path destination = Files.createDirectories(work.resolve("in-endless"));
            String digest = "sha256:" + "5".repeat(64);

            ResourceScripts.Run in = in(
                    Map.of("repository", endless.host() + "/team/app", "insecure", true, "branch", "main"),
                    digest,
                    destination);

            assertThat(in.exitCode()).isEqualTo(1);
            assertThat(in.stdout()).isEmpty();
            assertThat(in.stderr())
                    .isEqualTo("error: tried to fetch manifest " + endless.host() + "/team/app@" + digest
                            + ": the answer is more than the 4194304 bytes accepted\n");
            assertThat(endless.requests())
                    .as("one GET of the manifest: another attempt would get the same")
                    .filteredOn(r -> r.startsWith("GET /v2/team/app/manifests/"))
                    .hasSize(1);
            assertThat(destination).isEmptyDirectory();
        }
    }

    @Test
    void aChallengeFromTheBlobStorageNamesThatHostNotTheRegistrysCredentials() throws IOException {
        try (StubRegistry storage = StubRegistry.refusing(401, "<Error><Code>AccessDenied</Code></Error>");
                StubRegistry registry = StubRegistry.redirectingBlobsTo(storage.host())) {
            Path destination = Files.createDirectories(work.resolve("in-storage"));
            String digest = registry.digest();
            String configDigest = registry.configDigest();

            ResourceScripts.Run in = in(
                    Map.of(
                            "repository",
                            registry.host() + "/team/app",
                            "insecure",
                            true,
                            "branch",
                            "main",
                            "username",
                            "bob",
                            "password",
                            "not-for-the-storage"),
                    digest,
                    destination);

            assertThat(in.exitCode()).isEqualTo(1);
            assertThat(in.stdout()).isEmpty();
            assertThat(in.stderr())
                    .isEqualTo("error: tried to download blob " + configDigest + " of " + registry.host()
                            + "/team/app: 401 unauthorized: <Error><Code>AccessDenied</Code></Error> (from "
                            + storage.host() + ", where " + registry.host() + " sent the request; " + registry.host()
                            + "'s credentials are never sent to another host)\n"
                            + "hint: the registry sent the transfer on to storage of its own (a bucket, a CDN), which"
                            + " refused it: its access (a signed URL that expired, the bucket's policy) is for the"
                            + " registry's operator to mend; source.username and source.password are never sent"
                            + " there\n");
            assertThat(storage.requests())
                    .as("the storage was asked once, without the registry's credentials")
                    .containsExactly("GET /bucket/v2/team/app/blobs/" + configDigest);
            assertThat(destination).isEmptyDirectory();
        }
    }
}
