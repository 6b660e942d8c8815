package dev.dockertag.resource;

import static dev.dockertag.resource.ResourceScripts.request;
import static dev.dockertag.resource.ResourceScripts.source;
import static dev.dockertag.resource.ResourceScripts.version;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dockertag.testsupport.Commands;
import dev.dockertag.testsupport.ImageFixtures;
import dev.dockertag.testsupport.LocalRegistry;
import dev.dockertag.testsupport.RegistryKind;
import dev.dockertag.testsupport.SupplyChainTools;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The packaged scripts on each registry of the matrix (the rest of the suites run on distribution 2.8, and subsets on
 * the others: bin/test). check and in of an image that cosign signed (both of its formats) and oras gave an SBOM: the
 * version is the image's digest as crane sees it, never a signature's, and in unpacks the image as umoci does (on
 * olareg the signatures are referrers listed by the API; on distribution they sit under tags of their own). And a
 * TLS-only registry with a CA of its own: refused, then trusted through {@code ca_certs}.
 */
class RegistryMatrixIT {

    @TempDir
    Path work;

    @ParameterizedTest(name = "{0}")
    @EnumSource(RegistryKind.class)
    void aSignedImageIsCheckedAndFetchedAsItselfNotAsItsSignature(RegistryKind kind) throws IOException {
        try (LocalRegistry registry = LocalRegistry.start(kind, work)) {
            ImageFixtures fixtures = new ImageFixtures(work);
            Path layout =
                    fixtures.layout("app", "v1", List.of(new ImageFixtures.Layer("/usr/share/app/app.bin", 40_000, 3)));
            String pushed = fixtures.push(layout, "v1", registry, "signed/app", "main-latest", "oci");
            String at = registry.host() + "/signed/app@" + pushed;
            SupplyChainTools tools = SupplyChainTools.create(Files.createDirectories(work.resolve("tools")));
            tools.sign(at);
            tools.signClassic(at);
            tools.attestClassic(at);
            tools.attachSbom(at);
            assertThat(tools.referrers(at)).hasSizeGreaterThanOrEqualTo(2);
            ResourceScripts scripts = new ResourceScripts(work);

            ResourceScripts.Run check = scripts.run(
                            "check", request("source", source(registry, "signed/app", "branch", "main")))
                    .requireSuccess();
            Path get = Files.createDirectories(work.resolve("get"));
            ResourceScripts.Run in = scripts.run(
                            "in",
                            request(
                                    "source",
                                    source(registry, "signed/app", "branch", "main"),
                                    "version",
                                    version("main-latest", pushed)),
                            get.toString())
                    .requireSuccess();

            String crane = Commands.run(
                            List.of(
                                    System.getenv("DOCKERTAG_CRANE"),
                                    "digest",
                                    "--insecure",
                                    registry.host() + "/signed/app:main-latest"),
                            work,
                            Map.of())
                    .stdout()
                    .strip();
            assertThat(crane).isEqualTo(pushed);
            assertThat(check.json()).hasToString("[{\"tag\":\"main-latest\",\"digest\":\"" + crane + "\"}]");
            assertThat(get.resolve("digest")).hasContent(crane);
            Path expected = work.resolve("umoci");
            Commands.run("umoci", "unpack", "--image", layout + ":v1", expected.toString());
            assertThat(TreeSnapshot.of(get.resolve("rootfs"))).isEqualTo(TreeSnapshot.of(expected.resolve("rootfs")));
            assertThat(tools.verify(at).exitCode()).isZero();
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(RegistryKind.class)
    void aTlsRegistryIsRefusedThenTrustedThroughCaCerts(RegistryKind kind) {
        try (LocalRegistry registry = LocalRegistry.startTls(kind, work)) {
            ImageFixtures fixtures = new ImageFixtures(work);
            Path layout = fixtures.layout("tls", "v1", List.of(new ImageFixtures.Layer("/tls.bin", 2_000, 5)));
            String pushed = fixtures.push(layout, "v1", registry, "secure/app", "main-latest", "oci");
            ResourceScripts scripts = new ResourceScripts(work);
            Map<String, Object> source = Map.of("repository", registry.host() + "/secure/app", "branch", "main");

            ResourceScripts.Run refused = scripts.run("check", request("source", source));
            Map<String, Object> trusting = new LinkedHashMap<>(source);
            trusting.put("ca_certs", List.of(registry.certificates().caPem()));
            ResourceScripts.Run trusted =
                    scripts.run("check", request("source", trusting)).requireSuccess();

            assertThat(refused.exitCode()).isNotZero();
            assertThat(refused.stderr()).contains("ca_certs");
            assertThat(trusted.json()).hasToString("[{\"tag\":\"main-latest\",\"digest\":\"" + pushed + "\"}]");
        }
    }
}
