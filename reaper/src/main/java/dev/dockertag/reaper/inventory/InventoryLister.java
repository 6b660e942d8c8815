package dev.dockertag.reaper.inventory;

import dev.dockertag.reaper.plan.Inventory;
import dev.dockertag.reaper.plan.Inventory.CommitImage;
import dev.dockertag.reaper.plan.Planner;
import dev.dockertag.registry.Digest;
import dev.dockertag.registry.MediaTypes;
import dev.dockertag.registry.RegistryException;
import dev.dockertag.registry.RepositoryClient;
import dev.dockertag.registry.image.Descriptor;
import dev.dockertag.registry.image.ImageAnnotations;
import dev.dockertag.registry.image.ImageConfig;
import dev.dockertag.registry.image.ImageManifest;
import dev.dockertag.registry.image.Manifest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * Lists one repository in full before anything is decided: every tag (following pagination), the
 * digest each resolves to (HEAD with every manifest type accepted; a GET for commit tags, whose
 * annotations say which branch built them), and the children of every index. Any failure aborts the
 * listing: a partial inventory would make kept tags look absent.
 */
public final class InventoryLister {

    private static final String CREATED = "org.opencontainers.image.created";

    private final int concurrency;
    private final Consumer<String> log;

    public InventoryLister(int concurrency, Consumer<String> log) {
        this.concurrency = concurrency;
        this.log = log;
    }

    /** @param createdNeeded whether commit images' creation times are needed (for keep_per_branch) */
    public Inventory list(RepositoryClient repository, boolean createdNeeded) {
        List<String> tags = repository.listTags();
        Map<String, Digest> digests = new ConcurrentHashMap<>();
        Map<Digest, String> mediaTypes = new ConcurrentHashMap<>();
        Map<String, CommitImage> commitImages = new ConcurrentHashMap<>();
        Map<Digest, List<Digest>> children = new ConcurrentHashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        try {
            List<Future<?>> work = new ArrayList<>();
            for (String tag : tags) {
                work.add(pool.submit(() -> {
                    if (Planner.isCommitTag(tag)) {
                        repository.fetchManifest(tag).ifPresentOrElse(m -> {
                            digests.put(tag, m.digest());
                            mediaTypes.put(m.digest(), m.mediaType());
                            commitImages.put(tag, commitImage(repository, m, createdNeeded));
                            if (m.isIndex()) {
                                children.put(m.digest(), childrenOf(m));
                            }
                        }, () -> vanished(repository, tag));
                    } else {
                        repository.resolve(tag).ifPresentOrElse(d -> {
                            digests.put(tag, d.parsedDigest());
                            mediaTypes.put(d.parsedDigest(), d.mediaType());
                        }, () -> vanished(repository, tag));
                    }
                }));
            }
            await(work);
            work.clear();
            mediaTypes.forEach((digest, type) -> {
                if (MediaTypes.isIndex(type) && !children.containsKey(digest)) {
                    work.add(pool.submit(() -> children.put(digest, repository.fetchManifest(digest.toString())
                            .map(InventoryLister::childrenOf).orElseThrow(() -> new RegistryException(
                                    "fetch index " + digest + " of " + repository.name(), 404, "MANIFEST_UNKNOWN",
                                    "it vanished while the repository was being listed")))));
                }
            });
            await(work);
        } finally {
            pool.shutdownNow();
        }
        return new Inventory(repository.name().toString(), new TreeMap<>(digests), children, commitImages);
    }

    private void vanished(RepositoryClient repository, String tag) {
        log.accept("tag " + tag + " of " + repository.name() + " was listed but is gone now; leaving it out");
    }

    private static List<Digest> childrenOf(Manifest index) {
        return index.asIndex().manifestsOrEmpty().stream().map(Descriptor::parsedDigest).toList();
    }

    private static CommitImage commitImage(RepositoryClient repository, Manifest manifest, boolean createdNeeded) {
        Map<String, String> annotations = manifest.isIndex() ? manifest.asIndex().annotationsOrEmpty()
                : manifest.asImageManifest().annotationsOrEmpty();
        Optional<String> branch = ImageAnnotations.branch(annotations);
        Optional<Instant> created = instant(annotations.get(CREATED));
        if (createdNeeded && created.isEmpty() && !manifest.isIndex()) {
            ImageManifest image = manifest.asImageManifest();
            Descriptor config = image.config();
            if (config != null) {
                try (InputStream in = repository.openBlob(config.parsedDigest(), config.size())) {
                    created = instant(ImageConfig.parse(in.readAllBytes()).created());
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot read the config of " + manifest.digest(), e);
                }
            }
        }
        return new CommitImage(branch, created);
    }

    private static Optional<Instant> instant(String text) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(OffsetDateTime.parse(text).toInstant());
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private static void await(List<Future<?>> work) {
        for (Future<?> future : work) {
            try {
                future.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while listing", e);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof RuntimeException r) {
                    throw r;
                }
                throw new IllegalStateException(e.getCause());
            }
        }
    }
}
