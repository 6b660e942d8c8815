package dev.dockertag.reaper.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dockertag.registry.ImageReference;
import dev.dockertag.registry.RegistryClient;
import dev.dockertag.registry.RepositoryClient;
import dev.dockertag.registry.image.Digest;
import dev.dockertag.testsupport.Commands;
import dev.dockertag.testsupport.LocalRegistry;
import dev.dockertag.testsupport.RegistryKind;
import dev.dockertag.testsupport.SupplyChainTools;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Signatures, attestations and SBOMs made by the real tools, cosign and oras, reaped with their images on each registry
 * of the matrix: cosign's Sigstore bundles and oras's SBOM are OCI 1.1 referrers, which olareg lists through the
 * referrers API and distribution 2.8 and 3.1 (which have none) through the fallback index tag {@code sha256-<hex>};
 * cosign's classic signature and attestation are tags of their own ({@code .sig}, {@code .att}). A vanished branch's
 * image goes with all of its own; a kept image keeps all of its own; undo brings them back and cosign verifies the
 * restored image again; GC then frees their blobs.
 */
class SupplyChainIT {

    @TempDir
    Path temp;

    /** A registry, a git remote and the tools, with a kept image (master) and a doomed one (feat/b), each signed. */
    private record Scene(
            LocalRegistry registry,
            RegistryClient client,
            RepositoryClient repository,
            String name,
            Upstream upstream,
            SupplyChainTools tools,
            Digest kept,
            Digest doomed,
            Path config)
            implements AutoCloseable {

        String at(Digest digest) {
            return name + "@" + digest;
        }

        Map<String, Digest> tags() {
            return Images.tags(repository);
        }

        @Override
        public void close() {
            client.close();
            registry.close();
        }
    }

    private Scene scene(RegistryKind kind) throws IOException {
        LocalRegistry registry = LocalRegistry.start(kind, temp);
        Upstream upstream = new Upstream(temp.resolve("git"));
        RegistryClient client = RegistryClient.builder().allowPlainHttp(true).build();
        String name = registry.host() + "/acme/app";
        RepositoryClient repository = client.repository(ImageReference.parse(name));
        Digest kept = Images.push(repository, "master-latest", "master", upstream.commit("master"), 1);
        Digest doomed = Images.push(repository, "feat-b-latest", "feat/b", upstream.commit("feat/b"), 2);
        Files.createDirectories(temp.resolve("tools"));
        SupplyChainTools tools = SupplyChainTools.create(temp.resolve("tools"));
        for (Digest image : List.of(kept, doomed)) {
            tools.sign(name + "@" + image); // a Sigstore bundle, as a referrer
            tools.signClassic(name + "@" + image); // sha256-<hex>.sig
            tools.attestClassic(name + "@" + image); // sha256-<hex>.att
            tools.attachSbom(name + "@" + image); // an SPDX SBOM, as a referrer
        }
        Path config = temp.resolve("reaper.yml");
        Files.writeString(config, """
                git:
                  uri: %s
                registry:
                  insecure: true
                repositories:
                  - %s
                main_branch: master
                limits:
                  max_deletions: 50
                  max_fraction: 0.9
                """.formatted(upstream.uri(), name));
        upstream.deleteBranch("feat/b");
        return new Scene(registry, client, repository, name, upstream, tools, kept, doomed, config);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(RegistryKind.class)
    void aVanishedBranchsImageGoesWithItsSignaturesAttestationsAndSbomAndUndoBringsThemBackVerifiable(RegistryKind kind)
            throws IOException {
        try (Scene scene = scene(kind)) {
            List<String> doomedReferrers = scene.tools().referrers(scene.at(scene.doomed()));
            List<String> keptReferrers = scene.tools().referrers(scene.at(scene.kept()));
            Map<String, Digest> before = scene.tags();

            Reaper.Run plan = Reaper.run("plan", "-c", scene.config().toString(), "--journal-dir", temp.toString());
            assertThat(plan.exitCode()).as(plan.stderr()).isZero();
            apply(scene);
            assertThat(scene.repository().resolve(scene.doomed().toString())).isEmpty();
            for (String referrer : doomedReferrers) {
                assertThat(scene.repository().resolve(referrer)).as(referrer).isEmpty();
            }
            for (String referrer : keptReferrers) {
                assertThat(scene.repository().resolve(referrer)).as(referrer).isPresent();
            }
            assertThat(scene.tags()).containsEntry("master-latest", scene.kept());
            assertThat(scene.tools().verify(scene.at(scene.kept())).exitCode()).isZero();
            assertThat(scene.tools().verify(scene.at(scene.doomed())).exitCode())
                    .isNotZero();

            Reaper.Run undo = Reaper.run(
                    "undo", "-c", scene.config().toString(), journal().toString());

            assertThat(undo.exitCode()).as(undo.stderr()).isZero();
            assertThat(scene.tags()).isEqualTo(before);
            assertThat(scene.tools().referrers(scene.at(scene.doomed())))
                    .containsExactlyInAnyOrderElementsOf(doomedReferrers);
            Commands.Result verified = scene.tools().verify(scene.at(scene.doomed()));
            assertThat(verified.exitCode()).as(verified.stderr()).isZero();
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(RegistryKind.class)
    void garbageCollectionAfterTheReapFreesTheSignaturesBlobsAndKeepsTheKeptImageVerifiable(RegistryKind kind)
            throws IOException {
        try (Scene scene = scene(kind)) {
            long blobs = scene.registry().blobCount();
            apply(scene);

            scene.registry().garbageCollect(false, false);

            assertThat(scene.registry().blobCount()).isLessThan(blobs);
            Commands.Result verified = scene.tools().verify(scene.at(scene.kept()));
            assertThat(verified.exitCode()).as(verified.stderr()).isZero();
            assertThat(scene.tools().referrers(scene.at(scene.kept()))).isNotEmpty();
        }
    }

    /**
     * A branch's image promoted to master: the branch's tag goes, the manifest and everything that refers to it stay.
     * distribution 2.8 has no tag delete, so the reaper pushes a throwaway manifest to the tag and deletes that;
     * distribution 3.1 and olareg delete the tag alone.
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(RegistryKind.class)
    void aPromotedImageLosesOnlyItsBranchTagAndStaysSignedWhicheverWayTheRegistryUntags(RegistryKind kind)
            throws IOException {
        try (Scene scene = scene(kind)) {
            Images.retag(scene.repository(), "feat-b-latest", "v1.0.0"); // released: kept, as the config protects it
            Files.writeString(
                    scene.config(), Files.readString(scene.config()) + "protect: ['^v[0-9]+\\.[0-9]+\\.[0-9]+$']\n");
            List<String> referrers = scene.tools().referrers(scene.at(scene.doomed()));

            Reaper.Run apply = apply(scene);
            assertThat(apply.stdout())
                    .contains("untag method: "
                            + (kind == RegistryKind.DISTRIBUTION_2_8
                                    ? "a throwaway manifest pushed to the tag, then deleted by digest"
                                    : "OCI tag delete"));
            assertThat(scene.tags())
                    .doesNotContainKey("feat-b-latest")
                    .containsEntry("v1.0.0", scene.doomed())
                    .containsEntry("master-latest", scene.kept());
            assertThat(scene.tools().referrers(scene.at(scene.doomed())))
                    .containsExactlyInAnyOrderElementsOf(referrers);
            Commands.Result verified = scene.tools().verify(scene.at(scene.doomed()));
            assertThat(verified.exitCode()).as(verified.stderr()).isZero();
        }
    }

    /** {@code reaper apply --yes}, which must succeed. */
    private Reaper.Run apply(Scene scene) {
        Reaper.Run apply =
                Reaper.run("apply", "--yes", "-c", scene.config().toString(), "--journal-dir", temp.toString());
        assertThat(apply.exitCode()).as(apply.stderr()).isZero();
        return apply;
    }

    private Path journal() {
        try (Stream<Path> files = Files.list(temp)) {
            return files.filter(p -> p.getFileName().toString().startsWith("reaper-journal-"))
                    .findFirst()
                    .orElseThrow();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
