package dev.dockertag.reaper.plan;

import dev.dockertag.registry.image.Digest;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * What garbage collection frees once an apply of a repository's plan has deleted its manifests: the manifests it
 * deletes (a registry stores each as a blob) and their configs and layers, less every blob a manifest it keeps still
 * uses (a kept tag's, a kept referrer's, a kept index's children's), with the sizes the manifests give. Blobs that
 * other repositories share stay whatever this says: GC is registry-wide, the plan sees only its repositories. The
 * children of a deleted index are not counted: distribution's GC (without {@code --delete-untagged}) keeps them.
 *
 * @param bytes what GC frees (less, where a repository the plan does not list shares a blob)
 * @param blobs how many blobs that is
 * @param unread manifests that could not be read (gone since the listing), whose blobs are not counted
 */
public record GcEstimate(long bytes, int blobs, int unread) {

    /** Nothing deleted, nothing to free. */
    public static final GcEstimate NONE = new GcEstimate(0, 0, 0);

    /** The estimate for {@code decisions} and {@code referrers}, reading manifests through {@code manifests}. */
    public static GcEstimate of(
            Inventory inventory,
            List<Decision> decisions,
            List<ReferrerDecision> referrers,
            Function<Digest, Optional<ManifestBlobs>> manifests) {
        Set<Digest> deleted = new LinkedHashSet<>();
        decisions.stream()
                .filter(d -> d.action() == Decision.Action.DELETE_MANIFEST)
                .forEach(d -> deleted.add(d.digest()));
        referrers.stream().filter(ReferrerDecision::removes).forEach(r -> deleted.add(r.digest()));
        if (deleted.isEmpty()) {
            return NONE;
        }
        Set<Digest> kept = new LinkedHashSet<>();
        inventory.tags().values().stream().filter(d -> !deleted.contains(d)).forEach(kept::add);
        referrers.stream().filter(r -> !r.removes()).forEach(r -> kept.add(r.digest()));
        for (Digest index : List.copyOf(kept)) {
            kept.addAll(inventory.indexChildren().getOrDefault(index, List.of()));
        }
        int[] unread = {0};
        Map<Digest, Long> freed = new HashMap<>();
        for (Digest digest : deleted) {
            manifests.apply(digest).ifPresentOrElse(m -> m.into(freed), () -> unread[0]++);
        }
        Set<Digest> stay = new HashSet<>();
        for (Digest digest : kept) {
            manifests
                    .apply(digest)
                    .ifPresent(m -> stay.addAll(m.into(new HashMap<>()).keySet()));
        }
        freed.keySet().removeAll(stay);
        return new GcEstimate(freed.values().stream().mapToLong(Long::longValue).sum(), freed.size(), unread[0]);
    }

    public GcEstimate plus(GcEstimate other) {
        return new GcEstimate(bytes + other.bytes, blobs + other.blobs, unread + other.unread);
    }
}
