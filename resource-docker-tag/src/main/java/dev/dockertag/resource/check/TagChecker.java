package dev.dockertag.resource.check;

import dev.dockertag.registry.RepositoryClient;
import dev.dockertag.registry.image.Descriptor;
import dev.dockertag.registry.image.Digest;
import dev.dockertag.resource.protocol.Version;
import dev.dockertag.resource.script.Log;
import dev.dockertag.resource.source.Tracking;
import java.util.List;
import java.util.Optional;

/**
 * Check in one-tag mode. In the steady state (the tag still points where the cursor says) it costs one HEAD of the tag:
 * no ping, no GET.
 *
 * <table>
 * <tr><td>first check</td><td>{@code [current]}</td></tr>
 * <tr><td>tag unchanged</td><td>{@code [cursor]}</td></tr>
 * <tr><td>tag moved, old digest still there</td><td>{@code [cursor, current]}</td></tr>
 * <tr><td>tag moved, old digest gone</td><td>{@code [current]}</td></tr>
 * <tr><td>no tag (nor fallback)</td><td>{@code []}, and a line saying which, or that the repository does not
 * exist (one more request, only then)</td></tr>
 * </table>
 */
public final class TagChecker {

    private final RepositoryClient repo;
    private final Log log;

    public TagChecker(RepositoryClient repo, Log log) {
        this.repo = repo;
        this.log = log;
    }

    public List<Version> check(Tracking.OneTag tracking, Optional<Version> cursor) {
        Optional<Version> current = current(tracking.tag());
        if (current.isEmpty() && tracking.fallbackTag().isPresent()) {
            log.info("tag " + tracking.tag() + " does not exist yet; following "
                    + tracking.fallbackTag().get());
            current = current(tracking.fallbackTag().get());
        }
        if (current.isEmpty()) {
            RepositoryClient.Presence presence = repo.presence();
            if (presence == RepositoryClient.Presence.UNKNOWN_NAME) {
                log.info(RepositoryTags.unknown(repo));
            } else if (presence == RepositoryClient.Presence.NO_TAGS) {
                log.info(RepositoryTags.untagged(repo));
            } else {
                log.info("tag " + tracking.tag() + " does not exist in " + repo.name()
                        + tracking.fallbackTag()
                                .map(f -> ", nor its fallback " + f)
                                .orElse("") + "; no versions");
            }
            return List.of();
        }
        Version now = current.get();
        if (cursor.isEmpty() || cursor.get().equals(now)) {
            return List.of(now);
        }
        Version previous = cursor.get();
        if (previous.digest() != null && previous.tag() != null && stillExists(previous.digest())) {
            return List.of(previous, now);
        }
        return List.of(now);
    }

    private Optional<Version> current(String tag) {
        return repo.resolve(tag).map(Descriptor::digest).map(d -> new Version(tag, d));
    }

    private boolean stillExists(String digest) {
        if (!Digest.isDigest(digest)) {
            // resolve() would take it for a tag: never ask the registry about it
            log.info("the previous version's digest '" + digest + "' is not a digest; ignoring it");
            return false;
        }
        return repo.resolve(digest).isPresent();
    }
}
