package dev.dockertag.resource.check;

import dev.dockertag.registry.RegistryException;
import dev.dockertag.registry.RepositoryClient;
import java.util.List;

/** The tags of a repository for the checks that list them: none when the repository does not exist yet. */
final class RepositoryTags {

    private RepositoryTags() {}

    static List<String> all(RepositoryClient repo) {
        try {
            return repo.listTags();
        } catch (RegistryException e) {
            if (e.isNotFound()) {
                return List.of(); // no repository yet: nothing pushed, no versions
            }
            throw e;
        }
    }
}
