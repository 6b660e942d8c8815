package dev.dockertag.resource.check;

import dev.dockertag.registry.RegistryException;
import dev.dockertag.registry.RepositoryClient;
import dev.dockertag.resource.script.Log;
import java.util.List;

/** The tags of a repository for the checks that list them: none when the repository does not exist yet. */
final class RepositoryTags {

    private RepositoryTags() {}

    static List<String> all(RepositoryClient repo, Log log) {
        try {
            List<String> tags = repo.listTags();
            if (tags.isEmpty()) {
                log.info(untagged(repo));
            }
            return tags;
        } catch (RegistryException e) {
            if (e.isNotFound()) {
                log.info(unknown(repo)); // no repository yet, or a typo: no versions either way
                return List.of();
            }
            throw e;
        }
    }

    /**
     * What a check says of a repository with no tag at all: some registries (olareg) answer a name they do not know
     * with an empty list rather than a 404, so this may be a typo too.
     */
    static String untagged(RepositoryClient repo) {
        return "repository " + repo.name() + " has no tags at all: nothing was pushed to it yet, or source.repository"
                + " is misspelled (this registry lists no tags for a name it does not know); no versions";
    }

    /**
     * What a check says of a repository the registry does not know, so that a typo does not read as "not built yet".
     */
    static String unknown(RepositoryClient repo) {
        return "repository " + repo.name() + " does not exist (the registry does not know the name): nothing was"
                + " pushed to it yet, or source.repository is misspelled; no versions";
    }
}
