package dev.dockertag.pipelinegen.git;

import dev.dockertag.registry.BranchNaming;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The branch a command acts on and its slug, checked the way {@code set} needs: a branch (not a detached HEAD), present
 * on the remote, and not sharing its slug with another remote branch.
 */
public record BranchTarget(String branch, String slug) {

    /** The given branch, else the checked-out one; refuses a detached HEAD. */
    public static BranchTarget of(Path dir, Optional<String> branch) {
        String name = branch.orElseGet(() -> {
            try (GitRepository repository = GitRepository.open(dir)) {
                return repository
                        .currentBranch()
                        .orElseThrow(() -> new GitException(
                                "HEAD is detached (at " + repository.headCommit()
                                        + "), so there is no branch to act on",
                                "check out a branch, or pass --branch"));
            }
        });
        try {
            return new BranchTarget(name, BranchNaming.slug(name));
        } catch (IllegalArgumentException e) {
            throw new GitException(e.getMessage(), "pipelines and image tags are named after the branch");
        }
    }

    /** Refuses a branch the remote does not have, and one whose slug another remote branch shares. */
    public BranchTarget requireOnRemote(Path dir, String remote) {
        try (GitRepository repository = GitRepository.open(dir)) {
            List<String> branches = repository.remoteBranches(remote);
            String url = repository.remoteUrl(remote).orElse(remote);
            if (!branches.contains(branch)) {
                throw new GitException(
                        "branch '" + branch + "' does not exist on remote '" + remote + "' (" + url + ")",
                        "push it first: git push -u " + remote + " " + branch);
            }
            Map<String, List<String>> collisions = BranchNaming.collisions(branches);
            List<String> sharing = collisions.getOrDefault(slug, List.of()).stream()
                    .filter(b -> !b.equals(branch))
                    .toList();
            if (!sharing.isEmpty()) {
                throw new GitException(
                        "branch '" + branch + "' shares the slug '" + slug + "' with "
                                + String.join(
                                        ", ",
                                        sharing.stream().map(b -> "'" + b + "'").toList()) + " on remote '" + remote
                                + "': their pipelines and image tags would overwrite each other",
                        "rename one of the branches");
            }
            return this;
        }
    }
}
