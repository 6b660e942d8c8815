package dev.dockertag.pipelinegen.git;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;

/** The user's git repository, read with JGit: the checked-out branch and the remote's branches. */
public final class GitRepository implements AutoCloseable {

    private final Repository repository;

    private GitRepository(Repository repository) {
        this.repository = repository;
    }

    /** The repository that holds {@code dir}; a {@link GitException} when there is none. */
    public static GitRepository open(Path dir) {
        FileRepositoryBuilder builder =
                new FileRepositoryBuilder().findGitDir(dir.toAbsolutePath().toFile());
        if (builder.getGitDir() == null) {
            throw new GitException(
                    "no git repository at " + dir.toAbsolutePath() + " or above it",
                    "run pipeline-gen inside a clone of the repository, or pass --branch");
        }
        try {
            return new GitRepository(builder.build());
        } catch (IOException e) {
            throw new GitException(
                    "cannot open the git repository at " + builder.getGitDir() + ": " + e.getMessage(), null);
        }
    }

    /** The checked-out branch; empty when HEAD is detached. */
    public Optional<String> currentBranch() {
        try {
            Ref head = repository.exactRef(Constants.HEAD);
            if (head == null || !head.isSymbolic()) {
                return Optional.empty();
            }
            return Optional.of(Repository.shortenRefName(head.getTarget().getName()));
        } catch (IOException e) {
            throw new GitException("cannot read HEAD: " + e.getMessage(), null);
        }
    }

    /** The abbreviated commit HEAD points at, for messages. */
    public String headCommit() {
        try {
            ObjectId id = repository.resolve(Constants.HEAD);
            return id == null ? "no commit" : id.abbreviate(7).name();
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** The URL configured for a remote; empty when the remote is not configured. */
    public Optional<String> remoteUrl(String remote) {
        return Optional.ofNullable(repository.getConfig().getString("remote", remote, "url"));
    }

    /** The branch names the remote has ({@code git ls-remote --heads}), from the remote itself. */
    public List<String> remoteBranches(String remote) {
        String url = remoteUrl(remote)
                .orElseThrow(() -> new GitException(
                        "the repository has no remote '" + remote + "'",
                        "add it with git remote add " + remote + " <url>, or pass --remote"));
        try (Git git = new Git(repository)) {
            Collection<Ref> refs =
                    git.lsRemote().setRemote(remote).setHeads(true).call();
            return refs.stream()
                    .map(r -> Repository.shortenRefName(r.getName()))
                    .sorted()
                    .toList();
        } catch (GitAPIException | RuntimeException e) {
            throw new GitException(
                    "cannot list the branches of remote '" + remote + "' (" + url + "): " + e.getMessage(),
                    "check that the remote is reachable and that you may read it");
        }
    }

    @Override
    public void close() {
        repository.close();
    }
}
