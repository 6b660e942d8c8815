package dev.dockertag.reaper.apply;

import dev.dockertag.reaper.plan.UntagMethod;
import dev.dockertag.reaper.provider.Deleters;
import dev.dockertag.registry.ImageReference;
import dev.dockertag.registry.RegistryClient;
import dev.dockertag.registry.RegistryException;
import dev.dockertag.registry.RepositoryClient;
import dev.dockertag.registry.image.Descriptor;
import dev.dockertag.registry.image.Digest;
import dev.dockertag.registry.image.Manifest;
import dev.dockertag.tool.cli.Counts;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Puts back what a journal records: every manifest by its digest (an index's children first), then every tag, then
 * checks that each tag resolves to its recorded digest. Works until GC has run; after that, a manifest whose blobs GC
 * took cannot be pushed, and the restore puts back what it still can and then names each tag it cannot.
 */
public final class Restorer {

    private final RegistryClient registry;
    private final Deleters deleters;

    /** A restorer of journals whose deletions went through the registry API. */
    public Restorer(RegistryClient registry) {
        this(registry, Deleters.registryApiOnly());
    }

    /** @param deleters the providers that restore what they deleted (GHCR), before the manifests are pushed */
    public Restorer(RegistryClient registry, Deleters deleters) {
        this.registry = registry;
        this.deleters = deleters;
    }

    /** Restores the journal; returns one line per tag put back. Throws when a tag cannot be put back. */
    public List<String> restore(Journal journal) {
        return restore(journal, line -> {});
    }

    /**
     * As {@link #restore(Journal)}, telling {@code progress} each tag as soon as it is back, so a restore that a
     * registry failure stops part way has said what it did.
     */
    public List<String> restore(Journal journal, Consumer<String> progress) {
        List<String> lines = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        List<String> blobsGone = new ArrayList<>();
        for (Journal.Entry entry : journal.repositories()) {
            ImageReference name = ImageReference.parse(entry.repository());
            RepositoryClient repository = registry.repository(name);
            if (!entry.restoreIds().isEmpty()) {
                deleters.forRepository(name, UntagMethod.NOT_NEEDED)
                        .restore(repository, entry.restoreIds())
                        .forEach(progress);
            }
            Map<Digest, Manifest> manifests = entry.manifests().stream()
                    .collect(Collectors.toMap(Manifest::digest, Function.identity(), (a, b) -> a));
            Set<Digest> gone = new LinkedHashSet<>();
            entry.manifests().stream()
                    .sorted(Comparator.comparing(Manifest::isIndex))
                    .forEach(m -> {
                        try {
                            repository.pushManifest(m.digest().toString(), m);
                        } catch (RegistryException e) {
                            if (!isBlobGone(e)) {
                                throw e;
                            }
                            gone.add(m.digest()); // GC took what it refers to: no push can bring it back
                        }
                    });
            entry.tags().forEach((tag, digest) -> {
                Manifest manifest = manifests.get(digest);
                if (manifest == null) {
                    failures.add(entry.repository() + ":" + tag + ": the journal has no manifest " + digest);
                    return;
                }
                if (gone.contains(digest)) {
                    blobsGone.add(entry.repository() + ":" + tag + " -> " + digest);
                    return;
                }
                repository.pushManifest(tag, manifest);
                Optional<Digest> now = repository.resolve(tag).map(Descriptor::parsedDigest);
                if (now.equals(Optional.of(digest))) {
                    String line = "restored " + entry.repository() + ":" + tag + " -> " + digest;
                    lines.add(line);
                    progress.accept(line);
                } else {
                    failures.add(entry.repository() + ":" + tag + " resolves to "
                            + now.map(Digest::toString).orElse("nothing") + " after the restore, not " + digest);
                }
            });
        }
        if (!failures.isEmpty()) {
            throw new IllegalStateException("the restore is incomplete:\n" + String.join("\n", failures));
        }
        if (!blobsGone.isEmpty()) {
            throw new ApplyFailure(
                    Counts.of(blobsGone.size(), "tag") + " cannot be put back: the registry no longer has the blobs"
                            + " their images need (GC has run since the apply), and a journal holds manifests, not"
                            + " blobs:\n" + String.join("\n", blobsGone) + "\n"
                            + (lines.isEmpty()
                                    ? "none of the journal's tags is back"
                                    : Counts.of(lines.size(), "tag") + " of the journal "
                                            + (lines.size() == 1 ? "is" : "are")
                                            + " back (above): their images' blobs were still there"),
                    "rebuild what is gone: re-run the pipeline of its branch, or push the image again; reaper undo"
                            + " restores everything only until GC runs");
        }
        return lines;
    }

    /**
     * A manifest push refused because what it refers to is not in the registry: distribution's
     * {@code MANIFEST_BLOB_UNKNOWN} (a layer or config), {@code BLOB_UNKNOWN}, or {@code MANIFEST_UNKNOWN} (an index's
     * child).
     */
    private static boolean isBlobGone(RegistryException e) {
        return e.errorCode()
                .filter(c ->
                        c.equals("MANIFEST_BLOB_UNKNOWN") || c.equals("BLOB_UNKNOWN") || c.equals("MANIFEST_UNKNOWN"))
                .isPresent();
    }
}
