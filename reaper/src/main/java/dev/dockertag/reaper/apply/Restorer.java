package dev.dockertag.reaper.apply;

import dev.dockertag.registry.ImageReference;
import dev.dockertag.registry.RegistryClient;
import dev.dockertag.registry.RepositoryClient;
import dev.dockertag.registry.image.Descriptor;
import dev.dockertag.registry.image.Digest;
import dev.dockertag.registry.image.Manifest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Puts back what a journal records: every manifest by its digest (an index's children first), then every tag, then
 * checks that each tag resolves to its recorded digest. Works until GC has run; after that the registry reports the
 * missing blobs and the restore fails with its message.
 */
public final class Restorer {

    private final RegistryClient registry;

    public Restorer(RegistryClient registry) {
        this.registry = registry;
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
        for (Journal.Entry entry : journal.repositories()) {
            RepositoryClient repository = registry.repository(ImageReference.parse(entry.repository()));
            Map<Digest, Manifest> manifests = entry.manifests().stream()
                    .collect(Collectors.toMap(Manifest::digest, Function.identity(), (a, b) -> a));
            entry.manifests().stream()
                    .sorted(Comparator.comparing(Manifest::isIndex))
                    .forEach(m -> repository.pushManifest(m.digest().toString(), m));
            entry.tags().forEach((tag, digest) -> {
                Manifest manifest = manifests.get(digest);
                if (manifest == null) {
                    failures.add(entry.repository() + ":" + tag + ": the journal has no manifest " + digest);
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
        return lines;
    }
}
