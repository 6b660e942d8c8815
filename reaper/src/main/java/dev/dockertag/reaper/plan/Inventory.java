package dev.dockertag.reaper.plan;

import dev.dockertag.registry.Digest;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything listed about one repository before anything is decided: every tag and the digest it
 * resolves to, the children of every index those digests are, and what the commit tags' images record.
 */
public record Inventory(String repository, Map<String, Digest> tags, Map<Digest, List<Digest>> indexChildren,
        Map<String, CommitImage> commitImages) {

    /** What the image behind a commit tag records: the branch it was built on, when it was made. */
    public record CommitImage(Optional<String> branch, Optional<Instant> created) {
        public static final CommitImage UNKNOWN = new CommitImage(Optional.empty(), Optional.empty());
    }

    public Inventory {
        tags = Map.copyOf(tags);
        indexChildren = Map.copyOf(indexChildren);
        commitImages = Map.copyOf(commitImages);
    }

    public CommitImage commitImage(String tag) {
        return commitImages.getOrDefault(tag, CommitImage.UNKNOWN);
    }
}
