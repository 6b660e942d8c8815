package dev.dockertag.reaper.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dockertag.registry.image.Descriptor;
import dev.dockertag.registry.image.Digest;
import dev.dockertag.registry.image.ImageIndex;
import dev.dockertag.registry.image.ImageManifest;
import dev.dockertag.registry.image.Manifest;
import dev.dockertag.registry.image.MediaTypes;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What GC frees after a plan's deletions: blob by blob, less what any kept manifest still uses. */
class GcEstimateTest {

    private final Map<Digest, Manifest> registry = new HashMap<>();

    private static Descriptor blob(String name, long size) {
        return Descriptor.of(MediaTypes.OCI_LAYER, Digest.sha256(name.getBytes(StandardCharsets.UTF_8)), size);
    }

    private Manifest image(Descriptor... layers) {
        Manifest manifest = Manifest.of(new ImageManifest(
                2,
                MediaTypes.OCI_MANIFEST,
                null,
                Descriptor.of(
                        MediaTypes.OCI_CONFIG,
                        Digest.sha256(layers[layers.length - 1].digest().getBytes(StandardCharsets.UTF_8)),
                        10),
                List.of(layers),
                null,
                null));
        registry.put(manifest.digest(), manifest);
        return manifest;
    }

    private GcEstimate estimate(Inventory inventory, List<Decision> decisions, List<ReferrerDecision> referrers) {
        return GcEstimate.of(
                inventory,
                decisions,
                referrers,
                d -> Optional.ofNullable(registry.get(d)).map(ManifestBlobs::of));
    }

    @Test
    void aDeletedImageFreesItsManifestConfigAndTheLayersNoKeptImageUses() {
        Descriptor base = blob("base", 1_000_000);
        Manifest kept = image(base, blob("app", 300));
        Manifest doomed = image(base, blob("feature", 5_000));
        Inventory inventory = new Inventory(
                "r/acme/app",
                Map.of("master-latest", kept.digest(), "feat-latest", doomed.digest()),
                Map.of(),
                Map.of());

        GcEstimate gc = estimate(
                inventory,
                List.of(
                        new Decision("master-latest", kept.digest(), Decision.Action.KEEP, "main"),
                        new Decision("feat-latest", doomed.digest(), Decision.Action.DELETE_MANIFEST, "gone")),
                List.of());

        // the shared base stays; the feature layer, the config and the manifest go
        assertThat(gc).isEqualTo(new GcEstimate(5_000 + 10 + doomed.bytes().length, 3, 0));
    }

    @Test
    void anUntaggedImageFreesNothingAndAKeptIndexProtectsItsChildren() {
        Manifest child = image(blob("arm64", 700));
        ImageIndex index = new ImageIndex(2, MediaTypes.OCI_INDEX, null, List.of(child.descriptor()), null, null);
        Manifest kept = Manifest.of(index);
        registry.put(kept.digest(), kept);
        Inventory inventory = new Inventory(
                "r/acme/app",
                Map.of("master-latest", kept.digest(), "feat-latest", child.digest()),
                Map.of(kept.digest(), List.of(child.digest())),
                Map.of());

        GcEstimate untagged = estimate(
                inventory,
                List.of(new Decision("feat-latest", child.digest(), Decision.Action.UNTAG, "gone, but indexed")),
                List.of());
        GcEstimate deleted = estimate(
                inventory,
                List.of(new Decision("feat-latest", child.digest(), Decision.Action.DELETE_MANIFEST, "(a wrong plan)")),
                List.of());

        assertThat(untagged).isEqualTo(GcEstimate.NONE);
        assertThat(deleted.blobs()).as("the kept index's child keeps its blobs").isZero();
    }

    @Test
    void aDeletedReferrerIsCountedAndAManifestThatCannotBeReadIsNamedNotGuessed() {
        Manifest doomed = image(blob("feature", 5_000));
        Manifest signature = image(blob("signature", 250));
        Digest vanished = Digest.sha256("vanished".getBytes(StandardCharsets.UTF_8));
        Inventory inventory = new Inventory(
                "r/acme/app", Map.of("feat-latest", doomed.digest(), "old", vanished), Map.of(), Map.of());

        GcEstimate gc = estimate(
                inventory,
                List.of(
                        new Decision("feat-latest", doomed.digest(), Decision.Action.DELETE_MANIFEST, "gone"),
                        new Decision("old", vanished, Decision.Action.DELETE_MANIFEST, "gone")),
                List.of(new ReferrerDecision(doomed.digest(), signature.digest(), "sig", true, "goes with it")));

        assertThat(gc.unread()).isEqualTo(1);
        assertThat(gc.blobs()).isEqualTo(6);
        assertThat(gc.bytes()).isEqualTo(5_000 + 10 + doomed.bytes().length + 250 + 10 + signature.bytes().length);
    }
}
