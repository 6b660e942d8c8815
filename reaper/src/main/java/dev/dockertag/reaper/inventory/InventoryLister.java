package dev.dockertag.reaper.inventory;

import dev.dockertag.reaper.plan.Inventory;
import dev.dockertag.reaper.plan.Inventory.CommitImage;
import dev.dockertag.reaper.plan.Inventory.ImageTime;
import dev.dockertag.reaper.plan.Inventory.Referrer;
import dev.dockertag.reaper.plan.ManifestBlobs;
import dev.dockertag.reaper.plan.Planner;
import dev.dockertag.reaper.plan.ReferrerTags;
import dev.dockertag.registry.BranchNaming;
import dev.dockertag.registry.RegistryException;
import dev.dockertag.registry.RepositoryClient;
import dev.dockertag.registry.image.Descriptor;
import dev.dockertag.registry.image.Digest;
import dev.dockertag.registry.image.ImageAnnotations;
import dev.dockertag.registry.image.ImageConfig;
import dev.dockertag.registry.image.Manifest;
import dev.dockertag.registry.image.MediaTypes;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Lists one repository in full before anything is decided: every tag (following pagination), the digest each resolves
 * to (a GET for the naming scheme's tags and referrer tags, whose manifests say which branch built them and when; a
 * HEAD for the rest), the children of every index, when each candidate image was made (its {@code created}, else when
 * the reaper first saw it), and what refers to each digest (the referrers API where the registry answers it, probed
 * once; else the fallback tags). Any failure aborts the listing: a partial inventory would make kept tags look absent.
 */
public final class InventoryLister {

    private static final String CREATED = "org.opencontainers.image.created";
    private static final Pattern LATEST = Pattern.compile(".+" + Pattern.quote(BranchNaming.LATEST_SUFFIX));
    /** Reproducible builds stamp 1970 (SOURCE_DATE_EPOCH=0) or 1980: no clock at all. */
    private static final Instant NO_REAL_TIME_BEFORE = Instant.parse("1981-01-01T00:00:00Z");

    private final int concurrency;
    private final Consumer<String> log;
    /**
     * What the GC estimate needs of every manifest the listings read, by digest, so that it asks the registry for none
     * of them again; the blobs' digests held once ({@link #interned}).
     */
    private final Map<Digest, ManifestBlobs> read = new ConcurrentHashMap<>();

    private final Map<Digest, Digest> interned = new ConcurrentHashMap<>();

    public InventoryLister(int concurrency, Consumer<String> log) {
        this.concurrency = concurrency;
        this.log = log;
    }

    /** What a manifest one of the listings read (a candidate tag's) uses, by its digest; empty for the others. */
    public Optional<ManifestBlobs> read(Digest digest) {
        return Optional.ofNullable(read.get(digest));
    }

    /**
     * @param firstSeen the clock for images without a creation time; empty when no times are needed (no {@code min_age}
     *     and no {@code keep_per_branch})
     */
    public Inventory list(RepositoryClient repository, Optional<FirstSeen> firstSeen, Instant now) {
        String name = repository.name().toString();
        List<String> tags;
        try {
            tags = repository.listTags();
        } catch (RegistryException e) {
            if (e.isNotFound()) {
                return Inventory.unknown(name); // a new image in reaper.yml, not pushed yet: nothing to reap
            }
            throw e;
        }
        Map<String, Digest> digests = new ConcurrentHashMap<>();
        Map<Digest, String> mediaTypes = new ConcurrentHashMap<>();
        // only the fallback referrer indexes are kept whole, for their children
        Map<Digest, Manifest> fallbackIndexes = new ConcurrentHashMap<>();
        Set<Digest> timed = ConcurrentHashMap.newKeySet();
        Map<String, CommitImage> commitImages = new ConcurrentHashMap<>();
        Map<Digest, List<Digest>> children = new ConcurrentHashMap<>();
        Map<Digest, ImageTime> times = new ConcurrentHashMap<>();
        Map<Digest, List<Referrer>> referrers = new ConcurrentHashMap<>();
        Set<Digest> absent = ConcurrentHashMap.newKeySet();
        boolean api;
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        try {
            Set<Digest> fetched = ConcurrentHashMap.newKeySet();
            // what a manifest read whole tells: its children, its time, what the GC estimate needs
            Consumer<Manifest> readWhole = m -> {
                fetched.add(m.digest());
                mediaTypes.put(m.digest(), m.mediaType());
                read.computeIfAbsent(m.digest(), d -> ManifestBlobs.of(m, this::intern));
                if (m.isIndex()) {
                    children.put(m.digest(), childrenOf(m));
                }
                if (firstSeen.isPresent() && timed.add(m.digest())) {
                    created(repository, m)
                            .ifPresentOrElse(
                                    at -> times.put(m.digest(), new ImageTime(at, false)),
                                    () -> times.put(
                                            m.digest(),
                                            new ImageTime(firstSeen.get().firstSeen(name, m.digest(), now), true)));
                }
            };
            List<Future<?>> work = new ArrayList<>();
            // commit tags and referrer tags first, read whole (each names its own manifest); a -latest tag names
            // one of them as a rule, so it is only resolved, and read whole after only if its digest is new: one
            // GET per distinct manifest, one request per tag
            for (String tag : tags) {
                if (!isCandidate(tag) || LATEST.matcher(tag).matches()) {
                    continue;
                }
                work.add(pool.submit(() -> repository
                        .fetchManifest(tag)
                        .ifPresentOrElse(
                                m -> {
                                    digests.put(tag, m.digest());
                                    if (ReferrerTags.isFallbackIndex(tag)) {
                                        fallbackIndexes.put(m.digest(), m);
                                    }
                                    if (Planner.isCommitTag(tag)) {
                                        commitImages.put(tag, new CommitImage(ImageAnnotations.branch(annotations(m))));
                                    }
                                    readWhole.accept(m);
                                },
                                () -> vanished(repository, tag))));
            }
            await(work);
            work.clear();
            Set<Digest> latest = ConcurrentHashMap.newKeySet();
            for (String tag : tags) {
                if (isCandidate(tag) && !LATEST.matcher(tag).matches()) {
                    continue;
                }
                work.add(pool.submit(() -> repository
                        .resolve(tag)
                        .ifPresentOrElse(
                                d -> {
                                    digests.put(tag, d.parsedDigest());
                                    mediaTypes.putIfAbsent(d.parsedDigest(), d.mediaType());
                                    if (LATEST.matcher(tag).matches()) {
                                        latest.add(d.parsedDigest());
                                    }
                                },
                                () -> vanished(repository, tag))));
            }
            await(work);
            work.clear();
            for (Digest digest : latest) {
                if (!fetched.contains(digest)) {
                    work.add(pool.submit(
                            () -> repository.fetchManifest(digest.toString()).ifPresent(readWhole)));
                }
            }
            await(work);
            work.clear();
            mediaTypes.forEach((digest, type) -> {
                if (MediaTypes.isIndex(type) && !children.containsKey(digest)) {
                    work.add(pool.submit(() -> children.put(
                            digest,
                            repository
                                    .fetchManifest(digest.toString())
                                    .map(InventoryLister::childrenOf)
                                    .orElseThrow(() -> new RegistryException(
                                            "fetch index " + digest + " of " + repository.name(),
                                            404,
                                            "MANIFEST_UNKNOWN",
                                            "it vanished while the repository was being listed")))));
                }
            });
            await(work);
            work.clear();
            if (firstSeen.isPresent()) {
                firstSeen.get().retainOnly(name, Set.copyOf(digests.values()));
            }
            api = listReferrers(repository, pool, digests, children, referrers);
            fallbackReferrers(fallbackIndexes, digests, referrers);
            for (Map.Entry<String, Digest> tag : digests.entrySet()) {
                Optional<Digest> subject = ReferrerTags.subject(tag.getKey());
                if (subject.isPresent() && !isKnown(subject.get(), digests, children)) {
                    work.add(pool.submit(() -> {
                        if (repository.resolve(subject.get().toString()).isEmpty()) {
                            absent.add(subject.get());
                        }
                    }));
                }
            }
            await(work);
        } finally {
            pool.shutdownNow();
        }
        return new Inventory(name, new TreeMap<>(digests), children, commitImages, times, referrers, absent, api, true);
    }

    private Digest intern(Digest digest) {
        return interned.computeIfAbsent(digest, d -> d);
    }

    private static boolean isCandidate(String tag) {
        return Planner.isCommitTag(tag)
                || LATEST.matcher(tag).matches()
                || ReferrerTags.subject(tag).isPresent();
    }

    private static boolean isKnown(Digest digest, Map<String, Digest> tags, Map<Digest, List<Digest>> children) {
        return tags.containsValue(digest) || children.values().stream().anyMatch(c -> c.contains(digest));
    }

    /**
     * Asks the referrers API about every image the tags (and their indexes' children) point at; the first answer says
     * whether the registry has the API at all. Referrer tags' own digests are not asked.
     */
    private static boolean listReferrers(
            RepositoryClient repository,
            ExecutorService pool,
            Map<String, Digest> tags,
            Map<Digest, List<Digest>> children,
            Map<Digest, List<Referrer>> referrers) {
        Set<Digest> subjects = new LinkedHashSet<>();
        tags.forEach((tag, digest) -> {
            if (ReferrerTags.subject(tag).isEmpty()) {
                subjects.add(digest);
                subjects.addAll(children.getOrDefault(digest, List.of()));
            }
        });
        if (subjects.isEmpty()) {
            return false;
        }
        Digest first = subjects.iterator().next();
        Optional<List<Descriptor>> probe = repository.referrers(first);
        if (probe.isEmpty()) {
            return false;
        }
        record(referrers, first, probe.get());
        List<Future<?>> work = new ArrayList<>();
        subjects.stream()
                .skip(1)
                .forEach(subject -> work.add(pool.submit(() ->
                        record(referrers, subject, repository.referrers(subject).orElse(List.of())))));
        await(work);
        return true;
    }

    /** The children of each {@code sha256-<hex>} fallback index are referrers of {@code sha256:<hex>}. */
    private static void fallbackReferrers(
            Map<Digest, Manifest> manifests, Map<String, Digest> tags, Map<Digest, List<Referrer>> referrers) {
        tags.forEach((tag, digest) -> {
            Manifest manifest = manifests.get(digest);
            if (ReferrerTags.isFallbackIndex(tag) && manifest != null && manifest.isIndex()) {
                record(
                        referrers,
                        ReferrerTags.subject(tag).orElseThrow(),
                        manifest.asIndex().manifestsOrEmpty());
            }
        });
    }

    private static void record(Map<Digest, List<Referrer>> referrers, Digest subject, List<Descriptor> found) {
        if (found.isEmpty()) {
            return;
        }
        referrers.merge(
                subject,
                found.stream()
                        .map(d -> new Referrer(d.parsedDigest(), d.artifactType()))
                        .toList(),
                (a, b) -> Stream.concat(a.stream(), b.stream()).distinct().toList());
    }

    /**
     * When an image was made: the {@code org.opencontainers.image.created} annotation, else its config's
     * {@code created} (an index: its first child's); a time before 1981 is a reproducible build's placeholder and
     * counts as none.
     */
    private static Optional<Instant> created(RepositoryClient repository, Manifest manifest) {
        Optional<Instant> annotated = instant(annotations(manifest).get(CREATED));
        if (annotated.isPresent()) {
            return annotated;
        }
        Manifest image = manifest;
        if (manifest.isIndex()) {
            List<Descriptor> children = manifest.asIndex().manifestsOrEmpty();
            if (children.isEmpty()) {
                return Optional.empty();
            }
            Optional<Manifest> child = repository.fetchManifest(children.get(0).digest());
            if (child.isEmpty() || child.get().isIndex()) {
                return Optional.empty();
            }
            image = child.get();
        }
        Descriptor config = image.asImageManifest().config();
        if (config == null || config.size() > 4 * 1024 * 1024 || !MediaTypes.isImageConfig(config.mediaType())) {
            return Optional.empty();
        }
        try (InputStream in = repository.openBlob(config.parsedDigest(), config.size())) {
            return instant(ImageConfig.parse(in.readAllBytes()).created());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the config of " + manifest.digest(), e);
        }
    }

    private static Map<String, String> annotations(Manifest manifest) {
        return manifest.isIndex()
                ? manifest.asIndex().annotationsOrEmpty()
                : manifest.asImageManifest().annotationsOrEmpty();
    }

    private void vanished(RepositoryClient repository, String tag) {
        log.accept("tag " + tag + " of " + repository.name() + " was listed but is gone now; leaving it out");
    }

    private static List<Digest> childrenOf(Manifest index) {
        return index.asIndex().manifestsOrEmpty().stream()
                .map(Descriptor::parsedDigest)
                .toList();
    }

    private static Optional<Instant> instant(String text) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        try {
            Instant at = OffsetDateTime.parse(text).toInstant();
            return at.isBefore(NO_REAL_TIME_BEFORE) ? Optional.empty() : Optional.of(at);
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
