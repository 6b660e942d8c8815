package dev.dockertag.reaper.provider;

import dev.dockertag.reaper.plan.UntagMethod;
import dev.dockertag.registry.BlobContent;
import dev.dockertag.registry.ProgressListener;
import dev.dockertag.registry.RegistryException;
import dev.dockertag.registry.RepositoryClient;
import dev.dockertag.registry.TagDeletion;
import dev.dockertag.registry.image.Digest;
import java.util.Optional;
import java.util.function.Function;

/** Removes one tag and nothing else: its digest stays, with every other tag on it. */
public final class TagRemover {

    private TagRemover() {}

    /**
     * Untags {@code tag}; empty when it is gone, else why it could not be (the tag is then left as it was, or, if the
     * throwaway manifest could be pushed but not deleted, points at that manifest).
     */
    public static Optional<String> untag(
            RepositoryClient repository, String tag, String currentMediaType, UntagMethod method) {
        if (method == UntagMethod.OCI_TAG_DELETE) {
            TagDeletion deletion = repository.deleteTag(tag);
            if (deletion != TagDeletion.UNSUPPORTED) {
                return Optional.empty();
            }
        }
        return throughThrowaway(repository, tag, currentMediaType, digest -> {
            repository.deleteManifest(digest);
            return Optional.empty();
        });
    }

    /**
     * Moves {@code tag} onto a tiny unique manifest, then deletes that with {@code deleteThrowaway} (which says why it
     * could not, if it could not): the tag goes, its old digest stays with every other tag on it.
     */
    static Optional<String> throughThrowaway(
            RepositoryClient repository,
            String tag,
            String currentMediaType,
            Function<Digest, Optional<String>> deleteThrowaway) {
        DummyManifest dummy = DummyManifest.replacing(tag, currentMediaType);
        try {
            repository.pushBlob(
                    DummyManifest.EMPTY_LAYER_DIGEST,
                    BlobContent.of(DummyManifest.EMPTY_LAYER),
                    Optional.empty(),
                    ProgressListener.NONE);
            repository.pushBlob(
                    dummy.manifest().asImageManifest().config().parsedDigest(),
                    BlobContent.of(dummy.config()),
                    Optional.empty(),
                    ProgressListener.NONE);
            repository.pushManifest(tag, dummy.manifest());
        } catch (RegistryException e) {
            return Optional.of("the registry has no tag delete and refused the throwaway manifest (" + e.getMessage()
                    + "); the tag is left as it was");
        }
        Digest dummyDigest = dummy.manifest().digest();
        Optional<String> problem;
        try {
            problem = deleteThrowaway.apply(dummyDigest);
        } catch (RegistryException e) {
            problem = Optional.of(e.getMessage());
        }
        return problem.map(why -> "the tag now points at the throwaway manifest " + dummyDigest
                + ", which could not be deleted (" + why + ")");
    }
}
