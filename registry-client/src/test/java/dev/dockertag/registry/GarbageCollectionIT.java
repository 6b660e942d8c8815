package dev.dockertag.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dockertag.registry.image.Digest;
import dev.dockertag.testsupport.ImageFixtures;
import dev.dockertag.testsupport.ImageFixtures.Layer;
import dev.dockertag.testsupport.LocalRegistryExtension;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The test registry's offline GC and read-only mode, as the reaper will rely on them. */
class GarbageCollectionIT {

    @RegisterExtension
    static LocalRegistryExtension registry = LocalRegistryExtension.anonymous();

    @TempDir
    Path work;

    @Test
    void deletedImagesBlobsAreFreedByGcWhileSharedOnesStay() {
        ImageFixtures fixtures = new ImageFixtures(work);
        Layer base = new Layer("/base.bin", 100_000, 60);
        fixtures.push(
                fixtures.layout("keep", "v1", List.of(base, new Layer("/k.bin", 1000, 61))),
                "v1",
                registry.get(),
                "gc/app",
                "keep",
                "oci");
        String doomed = fixtures.push(
                fixtures.layout("doomed", "v1", List.of(base, new Layer("/d.bin", 1000, 62))),
                "v1",
                registry.get(),
                "gc/app",
                "doomed",
                "oci");
        long before = registry.get().blobCount();

        RepositoryClient repo = RegistryClient.builder()
                .allowPlainHttp(true)
                .build()
                .repository(ImageReference.parse(registry.get().host() + "/gc/app"));
        assertThat(repo.deleteManifest(Digest.parse(doomed))).isTrue();
        String dryRun = registry.get().garbageCollect(false, true);
        assertThat(dryRun).contains("eligible for deletion");
        assertThat(registry.get().blobCount()).isEqualTo(before);

        registry.get().garbageCollect(false, false);
        // the doomed manifest, its config and its own layer go; the shared base stays
        assertThat(registry.get().blobCount()).isEqualTo(before - 3);
        assertThat(repo.resolve("keep")).isPresent();
        ImageFixtures.skopeoCopy(
                "docker://" + registry.get().host() + "/gc/app:keep", "oci:" + work.resolve("k") + ":x");
    }

    @Test
    void readOnlyRegistryRefusesPushesButServesPulls() {
        ImageFixtures fixtures = new ImageFixtures(work);
        Path layout = fixtures.layout("ro", "v1", List.of(new Layer("/r.bin", 1000, 70)));
        fixtures.push(layout, "v1", registry.get(), "ro/app", "v1", "oci");
        registry.get().restart(true);
        try {
            RepositoryClient repo = RegistryClient.builder()
                    .allowPlainHttp(true)
                    .retryPolicy(RetryPolicy.NONE)
                    .build()
                    .repository(ImageReference.parse(registry.get().host() + "/ro/app"));
            assertThat(repo.resolve("v1")).isPresent();
            assertThatThrownBy(() -> repo.pushBlob(
                            Digest.sha256(new byte[] {9}),
                            BlobContent.of(new byte[] {9}),
                            Optional.empty(),
                            ProgressListener.NONE))
                    .isInstanceOfSatisfying(
                            RegistryException.class, e -> assertThat(e.status()).isEqualTo(405));
        } finally {
            registry.get().restart(false);
        }
    }
}
