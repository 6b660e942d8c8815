package dev.dockertag.reaper.provider;

import dev.dockertag.reaper.config.ProviderApi;
import dev.dockertag.reaper.plan.DeleteSupport;
import dev.dockertag.reaper.plan.UntagMethod;
import dev.dockertag.registry.ImageReference;
import dev.dockertag.registry.RepositoryClient;
import dev.dockertag.registry.image.Digest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The registry API's own deletes: {@code DELETE /v2/<name>/manifests/<digest>}, probed once with a digest that cannot
 * exist (405: deletion disabled), and a tag removed by OCI tag delete or, without it, through a throwaway manifest.
 */
final class OciDeleter implements Deleter {

    private final UntagMethod untagMethod;

    /** @param untagMethod how a tag is removed alone here, as the plan probed it */
    OciDeleter(UntagMethod untagMethod) {
        this.untagMethod = untagMethod;
    }

    @Override
    public ProviderApi api() {
        return ProviderApi.OCI;
    }

    @Override
    public DeleteSupport support(RepositoryClient repository) {
        if (ImageReference.DOCKER_HUB.equals(repository.name().registry())) {
            return DeleteSupport.impossible("Docker Hub has no registry-API delete (leave registry.api out, or set"
                    + " it to dockerhub, to delete through Hub's own API)");
        }
        return repository.supportsManifestDelete()
                ? DeleteSupport.byDigest()
                : DeleteSupport.impossible("the registry answers 405 to DELETE (deletion is disabled; on"
                        + " distribution set storage.delete.enabled: true)");
    }

    @Override
    public Deletions delete(RepositoryClient repository, Map<Digest, List<String>> doomed) {
        List<Digest> deleted = new ArrayList<>();
        List<Digest> gone = new ArrayList<>();
        doomed.keySet().forEach(digest -> (repository.deleteManifest(digest) ? deleted : gone).add(digest));
        return new Deletions(deleted, gone, Map.of());
    }

    @Override
    public Optional<String> untag(RepositoryClient repository, String tag, Digest digest, String mediaType) {
        return TagRemover.untag(repository, tag, mediaType, untagMethod);
    }
}
