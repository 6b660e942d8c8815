package dev.dockertag.reaper.plan;

import dev.dockertag.registry.image.Digest;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Everything listed about one repository before anything is decided: every tag and the digest it resolves to, the
 * children of every index those digests are, what the commit tags' images record, when each candidate image was made,
 * what refers to each digest, and which referrer tags' subjects are gone.
 *
 * @param times per digest of a candidate tag: the image's {@code created}, else when the reaper first saw it
 * @param referrers per subject digest: the untagged manifests the referrers API lists for it
 * @param absentSubjects subjects of {@code sha256-<hex>} referrer tags that no longer exist at all
 * @param referrersApi whether the registry answers the OCI 1.1 referrers API (else only the fallback tags count)
 * @param exists false when the registry does not know the repository (listing its tags answered 404: nothing pushed
 *     there yet, or a misspelled name): an empty repository, planned as nothing to do and named as such
 */
public record Inventory(
        String repository,
        Map<String, Digest> tags,
        Map<Digest, List<Digest>> indexChildren,
        Map<String, CommitImage> commitImages,
        Map<Digest, ImageTime> times,
        Map<Digest, List<Referrer>> referrers,
        Set<Digest> absentSubjects,
        boolean referrersApi,
        boolean exists) {

    /** What the image behind a commit tag records: the branch it was built on. */
    public record CommitImage(Optional<String> branch) {
        public static final CommitImage UNKNOWN = new CommitImage(Optional.empty());
    }

    /** When an image was made: its config's {@code created}, or ({@code firstSeen}) when the reaper first saw it. */
    public record ImageTime(Instant at, boolean firstSeen) {
        public String describe() {
            return (firstSeen ? "first seen " : "created ") + at;
        }
    }

    /** A manifest whose {@code subject} is another (a signature, an SBOM, an attestation...). */
    public record Referrer(Digest digest, String artifactType) {}

    public Inventory {
        tags = Map.copyOf(tags);
        indexChildren = Map.copyOf(indexChildren);
        commitImages = Map.copyOf(commitImages);
        times = Map.copyOf(times);
        referrers = Map.copyOf(referrers);
        absentSubjects = Set.copyOf(absentSubjects);
    }

    /** What the log and the plan say of a repository the registry does not know. */
    public static final String UNKNOWN = "the registry does not know this repository (nothing pushed to it yet, or"
            + " misspelled in repositories): nothing to do";

    /**
     * What the plan says of a repository that lists no tag at all: some registries (olareg) answer so for a name they
     * do not know, where distribution answers 404 ({@link #UNKNOWN}).
     */
    public static final String NO_TAGS = "no tags here (nothing pushed to it yet, or misspelled in repositories: this"
            + " registry lists no tags for a name it does not know): nothing to do";

    /** A repository the registry does not know: no tags, nothing to decide. */
    public static Inventory unknown(String repository) {
        return new Inventory(repository, Map.of(), Map.of(), Map.of(), Map.of(), Map.of(), Set.of(), false, false);
    }

    /** An inventory with no times, no referrers API and no absent subjects. */
    public Inventory(
            String repository,
            Map<String, Digest> tags,
            Map<Digest, List<Digest>> indexChildren,
            Map<String, CommitImage> commitImages) {
        this(repository, tags, indexChildren, commitImages, Map.of(), Map.of(), Set.of(), false, true);
    }

    public CommitImage commitImage(String tag) {
        return commitImages.getOrDefault(tag, CommitImage.UNKNOWN);
    }

    public Optional<ImageTime> time(Digest digest) {
        return Optional.ofNullable(times.get(digest));
    }
}
