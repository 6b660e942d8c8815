package dev.dockertag.resource.check;

import dev.dockertag.registry.RepositoryClient;
import dev.dockertag.registry.image.Descriptor;
import dev.dockertag.registry.image.Digest;
import dev.dockertag.registry.image.ImageConfig;
import dev.dockertag.registry.image.Manifest;
import dev.dockertag.registry.image.Platform;
import dev.dockertag.resource.protocol.Version;
import dev.dockertag.resource.script.Log;
import dev.dockertag.resource.source.TagOrder;
import dev.dockertag.resource.source.Tracking;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Check in regex mode: every tag the regex finds, one version per tag, oldest first. Tags behind the cursor are not
 * inspected again: by name for {@code semver} and {@code natural}, and by the created time remembered from earlier
 * checks for {@code created}.
 */
public final class RegexChecker {

    private final RepositoryClient repo;
    private final Platform platform;
    private final Path cacheDirectory;
    private final Log log;

    public RegexChecker(RepositoryClient repo, Platform platform, Path cacheDirectory, Log log) {
        this.repo = repo;
        this.platform = platform;
        this.cacheDirectory = cacheDirectory;
        this.log = log;
    }

    public List<Version> check(Tracking.MatchingTags tracking, Optional<Version> cursor) {
        List<String> matching = matchingTags(tracking);
        log.info(matching.size() + " tag(s) of " + repo.name() + " match /"
                + tracking.regex().pattern() + "/");
        return tracking.order() == TagOrder.CREATED
                ? byCreated(tracking, matching, cursor)
                : byName(tracking.order(), matching, cursor);
    }

    private List<String> matchingTags(Tracking.MatchingTags tracking) {
        List<String> all = RepositoryTags.all(repo, log);
        List<String> matching = new ArrayList<>();
        for (String tag : all) {
            if (!tracking.regex().matcher(tag).find()) {
                continue;
            }
            if (!tracking.order().accepts(tag)) {
                log.debug("tag " + tag + " matches the regex but is not a semantic version; left out");
                continue;
            }
            matching.add(tag);
        }
        return matching;
    }

    private List<Version> byName(TagOrder order, List<String> matching, Optional<Version> cursor) {
        List<String> sorted = TagOrder.sortedCopy(matching, order);
        Optional<String> from = cursor.map(Version::tag).filter(order::accepts);
        List<Version> versions = new ArrayList<>();
        for (String tag : sorted) {
            if (from.isPresent() && order.byName().compare(tag, from.get()) < 0) {
                continue; // behind the cursor: already reported, not inspected again
            }
            repo.resolve(tag).ifPresent(d -> versions.add(new Version(tag, d.digest())));
        }
        return versions;
    }

    private record Entry(String tag, String digest, Instant created) {}

    private List<Version> byCreated(Tracking.MatchingTags tracking, List<String> matching, Optional<Version> cursor) {
        String key = Digest.sha256((repo.name() + " " + tracking.regex().pattern() + " " + platform)
                        .getBytes(StandardCharsets.UTF_8))
                .hex()
                .substring(0, 16);
        CreatedTimes cache = new CreatedTimes(cacheDirectory.resolve("created-" + key + ".json"));
        cache.retainOnly(matching);
        Optional<Instant> cursorCreated =
                cursor.flatMap(c -> cache.get(c.tag())).map(s -> Instant.parse(s.created()));
        List<Entry> entries = new ArrayList<>();
        for (String tag : matching) {
            Optional<CreatedTimes.Seen> seen = cache.get(tag);
            if (seen.isPresent()
                    && cursorCreated.isPresent()
                    && Instant.parse(seen.get().created()).isBefore(cursorCreated.get())) {
                continue; // older than the cursor, seen before: not inspected again
            }
            Optional<Entry> entry = seen.isPresent() ? recheck(tag, seen.get()) : inspect(tag);
            entry.ifPresent(e -> {
                cache.put(tag, new CreatedTimes.Seen(e.digest(), e.created().toString()));
                entries.add(e);
            });
        }
        cache.save();
        Comparator<Entry> order =
                Comparator.comparing(Entry::created).thenComparing(Entry::tag, TagOrder.NATURAL.byName());
        entries.sort(order);
        List<Version> versions = new ArrayList<>();
        Optional<Entry> cursorEntry = cursor.flatMap(
                c -> entries.stream().filter(e -> e.tag().equals(c.tag())).findFirst());
        for (Entry entry : entries) {
            if (cursorEntry.isPresent() && order.compare(entry, cursorEntry.get()) < 0) {
                continue;
            }
            versions.add(new Version(entry.tag(), entry.digest()));
        }
        return versions;
    }

    /** A tag seen before: one HEAD; its config is read again only when the tag moved. */
    private Optional<Entry> recheck(String tag, CreatedTimes.Seen seen) {
        Optional<Descriptor> now = repo.resolve(tag);
        if (now.isEmpty()) {
            return Optional.empty();
        }
        if (now.get().digest().equals(seen.digest())) {
            return Optional.of(new Entry(tag, seen.digest(), Instant.parse(seen.created())));
        }
        return inspect(tag);
    }

    /** A new (or moved) tag: one GET of its manifest gives the digest and leads to the config. */
    private Optional<Entry> inspect(String tag) {
        return repo.fetchManifest(tag).map(m -> new Entry(tag, m.digest().toString(), createdOf(m)));
    }

    /** The image's config {@code created}; the platform's image for an index; the epoch when absent. */
    private Instant createdOf(Manifest fetched) {
        Manifest manifest = fetched;
        String digest = fetched.digest().toString();
        if (manifest.isIndex()) {
            Optional<Descriptor> child = Platform.select(manifest.asIndex(), platform);
            if (child.isEmpty()) {
                return Instant.EPOCH;
            }
            manifest = repo.fetchManifest(child.get().digest()).orElseThrow();
        }
        Descriptor config = manifest.asImageManifest().config();
        byte[] bytes;
        try (InputStream in = repo.openBlob(config.parsedDigest(), config.size())) {
            bytes = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the config of " + repo.name() + "@" + digest, e);
        }
        String created = ImageConfig.parse(bytes).created();
        try {
            return created == null
                    ? Instant.EPOCH
                    : OffsetDateTime.parse(created).toInstant();
        } catch (DateTimeParseException e) {
            log.info("image " + digest + " has an unreadable created time '" + created + "'; sorting it first");
            return Instant.EPOCH;
        }
    }
}
