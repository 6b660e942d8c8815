package dev.dockertag.reaper.provider;

import dev.dockertag.reaper.config.ProviderApi;
import dev.dockertag.reaper.plan.DeleteSupport;
import dev.dockertag.registry.RepositoryClient;
import dev.dockertag.registry.image.Digest;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How one repository's removals are carried out: the registry API's deletes, or a provider's own API. Reading is always
 * the registry API's ({@link RepositoryClient}); only the removal goes elsewhere. Every safety rule stays the
 * executor's: it decides what goes, re-resolves each tag first and checks every kept tag after, whichever backend
 * deletes.
 */
public interface Deleter {

    ProviderApi api();

    /** Whether this repository can be deleted in at all, asked once at plan time, and how. */
    DeleteSupport support(RepositoryClient repository);

    /** How many manifests one call deletes at most (ECR: 100); the executor hands them over in runs of this size. */
    default int batchSize() {
        return 1;
    }

    /**
     * Removes each manifest with the doomed tags on it ({@code digest -> its tags}; a referrer has none). Where the
     * provider deletes tags only (Docker Hub, GitLab), the tags go and the manifest stays, untagged.
     */
    Deletions delete(RepositoryClient repository, Map<Digest, List<String>> doomed);

    /** Removes {@code tag} alone: its digest stays with every other tag. Empty when done, else why not. */
    Optional<String> untag(RepositoryClient repository, String tag, Digest digest, String mediaType);

    /**
     * {@link #untag} where the provider has no tag delete: the tag is moved onto a throwaway manifest, which this
     * deleter then deletes; empty when done, else why not.
     */
    default Optional<String> untagThroughThrowaway(RepositoryClient repository, String tag, String mediaType) {
        return TagRemover.throughThrowaway(
                repository,
                tag,
                mediaType,
                throwaway -> delete(repository, Map.of(throwaway, List.of())).failed().values().stream()
                        .findFirst());
    }

    /** What the journal keeps to restore {@code digests} through the provider (GHCR: version ids); empty for most. */
    default Map<Digest, String> restoreIds(RepositoryClient repository, List<Digest> digests) {
        return Map.of();
    }

    /** Restores through the provider what {@link #restoreIds} recorded, before the manifests are pushed back. */
    default List<String> restore(RepositoryClient repository, Map<Digest, String> ids) {
        return List.of();
    }

    /** What one {@link #delete} did to each digest it was given. */
    record Deletions(List<Digest> deleted, List<Digest> alreadyGone, Map<Digest, String> failed) {
        public Deletions {
            deleted = List.copyOf(deleted);
            alreadyGone = List.copyOf(alreadyGone);
            failed = Map.copyOf(failed);
        }
    }
}
