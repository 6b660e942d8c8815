package dev.dockertag.reaper.it;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.head;
import static com.github.tomakehurst.wiremock.client.WireMock.urlMatching;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.dockertag.registry.image.Descriptor;
import dev.dockertag.registry.image.Digest;
import dev.dockertag.registry.image.ImageIndex;
import dev.dockertag.registry.image.ImageManifest;
import dev.dockertag.registry.image.Manifest;
import dev.dockertag.registry.image.MediaTypes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reaper against registries that cannot run here, faked with WireMock: one that answers the OCI 1.1 referrers API
 * (distribution 2.8 has none), and one that answers 405 to every DELETE (deletion disabled). The git remote is real.
 */
class ReaperWireMockIT {

    @RegisterExtension
    static WireMockExtension registry = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort())
            .build();

    @TempDir
    Path temp;

    Path config;
    Digest master;
    Digest gone;
    final List<String> tags = new ArrayList<>();

    @BeforeEach
    void setUp() throws IOException {
        Upstream upstream = new Upstream(temp.resolve("git"));
        upstream.commit("master");
        upstream.commit("feat/gone");
        upstream.deleteBranch("feat/gone");
        config = temp.resolve("reaper.yml");
        Files.writeString(config, """
                git: {uri: %s}
                registry: {insecure: true}
                repositories: [localhost:%d/acme/app]
                main_branch: master
                limits: {max_fraction: 1}
                """.formatted(upstream.uri(), registry.getPort()));
        master = image("master-latest", "master");
        gone = image("feat-gone-latest", "feat/gone");
        registry.stubFor(get(urlPathEqualTo("/v2/acme/app/tags/list"))
                .willReturn(aResponse()
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"name\":\"acme/app\",\"tags\":[\"" + String.join("\",\"", tags) + "\"]}")));
    }

    /** An image served under {@code tag} and its digest, made long ago, with its config. */
    private Digest image(String tag, String branch) {
        byte[] config = ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"created\":\"2026-01-01T00:00:00Z\","
                        + "\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[]},\"config\":{\"Labels\":{\"b\":\"" + branch
                        + "\"}}}")
                .getBytes(StandardCharsets.UTF_8);
        Digest configDigest = Digest.sha256(config);
        registry.stubFor(get(urlPathEqualTo("/v2/acme/app/blobs/" + configDigest))
                .willReturn(aResponse()
                        .withHeader("Content-Type", "application/octet-stream")
                        .withBody(config)));
        Manifest manifest = Manifest.of(new ImageManifest(
                2,
                MediaTypes.OCI_MANIFEST,
                null,
                Descriptor.of(MediaTypes.OCI_CONFIG, configDigest, config.length),
                List.of(),
                null,
                null));
        serve(manifest, tag);
        tags.add(tag);
        return manifest.digest();
    }

    /** Serves a manifest (GET and HEAD) by digest and under {@code tag} when one is given. */
    private static void serve(Manifest manifest, String tag) {
        for (String reference : tag == null
                ? List.of(manifest.digest().toString())
                : List.of(tag, manifest.digest().toString())) {
            String path = "/v2/acme/app/manifests/" + reference;
            registry.stubFor(get(urlPathEqualTo(path))
                    .willReturn(aResponse()
                            .withHeader("Content-Type", manifest.mediaType())
                            .withHeader(
                                    "Docker-Content-Digest", manifest.digest().toString())
                            .withBody(manifest.bytes())));
            registry.stubFor(head(urlPathEqualTo(path))
                    .willReturn(aResponse()
                            .withHeader("Content-Type", manifest.mediaType())
                            .withHeader(
                                    "Docker-Content-Digest", manifest.digest().toString())
                            .withHeader("Content-Length", String.valueOf(manifest.bytes().length))));
        }
    }

    private static void referrers(Digest subject, Descriptor... referrers) {
        Manifest index = Manifest.of(new ImageIndex(2, MediaTypes.OCI_INDEX, null, List.of(referrers), null, null));
        registry.stubFor(get(urlPathEqualTo("/v2/acme/app/referrers/" + subject))
                .willReturn(aResponse()
                        .withHeader("Content-Type", MediaTypes.OCI_INDEX)
                        .withBody(index.bytes())));
    }

    /** An SBOM artifact whose subject is {@code subject}, served by digest; its descriptor. */
    private static Descriptor sbomOf(Digest subject) {
        Manifest artifact = Manifest.of(new ImageManifest(
                2,
                MediaTypes.OCI_MANIFEST,
                "application/spdx+json",
                Descriptor.of(
                        "application/vnd.oci.empty.v1+json", Digest.sha256("{}".getBytes(StandardCharsets.UTF_8)), 2),
                List.of(),
                Descriptor.of(MediaTypes.OCI_MANIFEST, subject, 1),
                null));
        serve(artifact, null);
        return new Descriptor(
                MediaTypes.OCI_MANIFEST,
                artifact.digest().toString(),
                artifact.bytes().length,
                null,
                null,
                null,
                "application/spdx+json");
    }

    private List<String> deletes() {
        return registry.findAll(anyRequestedFor(anyUrl())).stream()
                .filter(r -> r.getMethod().getName().equals("DELETE"))
                .map(r -> r.getUrl().replace("/v2/acme/app/manifests/", ""))
                .toList();
    }

    @Test
    void aRegistryThatRefusesEveryDeleteEndsTheApplyWithExit2AndOneLine() {
        registry.stubFor(get(urlMatching("/v2/acme/app/referrers/.*"))
                .willReturn(aResponse().withStatus(404)));
        registry.stubFor(
                delete(urlMatching("/v2/acme/app/manifests/.*"))
                        .willReturn(
                                aResponse()
                                        .withStatus(405)
                                        .withHeader("Content-Type", "application/json")
                                        .withBody(
                                                "{\"errors\":[{\"code\":\"UNSUPPORTED\",\"message\":\"The operation is unsupported.\"}]}")));

        Reaper.Run plan = Reaper.run("plan", "-c", config.toString(), "--journal-dir", temp.toString());
        Reaper.Run apply = Reaper.run("apply", "--yes", "-c", config.toString(), "--journal-dir", temp.toString());

        String reason = "cannot delete: the registry answers 405 to DELETE (deletion is disabled; on distribution"
                + " set storage.delete.enabled: true)";
        assertThat(plan.exitCode()).as(plan.stderr()).isZero();
        assertThat(plan.stdout())
                .contains("  deletion: " + reason + "; apply leaves this repository alone and" + " exits 2\n");
        assertThat(apply.exitCode()).isEqualTo(2);
        assertThat(apply.stderr().lines().filter(l -> l.startsWith("error: ")).toList())
                .containsExactly("error: localhost:" + registry.getPort() + "/acme/app: " + reason
                        + "; its 1 planned removals were" + " left");
        assertThat(apply.stdout()).endsWith("nothing that can be removed\n");
        // one probe in each run (plan, apply), of a digest that cannot exist; never a tag or a real manifest
        assertThat(deletes()).hasSize(2).noneMatch(d -> d.equals(gone.toString()) || d.equals(master.toString()));
        assertThat(temp.toFile().list((dir, name) -> name.startsWith("reaper-journal-")))
                .isEmpty();
    }

    @Test
    void referrersListedByTheReferrersApiGoWithTheirSubjectAndStayWithAKeptOne() {
        Descriptor goneSbom = sbomOf(gone);
        Descriptor masterSbom = sbomOf(master);
        referrers(gone, goneSbom);
        referrers(master, masterSbom);
        registry.stubFor(delete(urlMatching("/v2/acme/app/manifests/sha256:.*"))
                .willReturn(aResponse().withStatus(404)));
        for (String digest : List.of(gone.toString(), goneSbom.digest())) {
            registry.stubFor(delete(urlPathEqualTo("/v2/acme/app/manifests/" + digest))
                    .willReturn(aResponse().withStatus(202)));
        }

        Reaper.Run plan = Reaper.run("plan", "-c", config.toString(), "--journal-dir", temp.toString());
        Reaper.Run apply = Reaper.run("apply", "--yes", "-c", config.toString(), "--journal-dir", temp.toString());

        assertThat(plan.stderr()).contains("referrers from the referrers API and referrer tags");
        assertThat(plan.stdout())
                .containsPattern("  delete +feat-gone-latest +sha256:[0-9a-f]{12} +branch gone[^\\n]*\n"
                        + "   \\^ delete \\(untagged\\) +" + goneSbom.digest().substring(0, 19) + "  referrer"
                        + " \\(application/spdx\\+json\\) of " + gone.toString().substring(0, 19) + ", which goes with"
                        + " 'feat-gone-latest'\n");
        assertThat(plan.stdout())
                .contains("referrer (application/spdx+json) of "
                        + master.toString().substring(0, 19) + ", which stays (kept tag 'master-latest')");
        assertThat(apply.exitCode()).as(apply.stderr()).isZero();
        // a probe in each run (plan, apply), then the subject and its referrer; never the kept image or its referrer
        assertThat(deletes())
                .hasSize(4)
                .endsWith(gone.toString(), goneSbom.digest())
                .doesNotContain(master.toString(), masterSbom.digest());
        assertThat(apply.stdout())
                .contains("removed localhost:" + registry.getPort() + "/acme/app@" + goneSbom.digest()
                        + " (referrer deleted with its subject " + gone + ")");
    }
}
