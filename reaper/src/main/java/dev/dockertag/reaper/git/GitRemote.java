package dev.dockertag.reaper.git;

import dev.dockertag.reaper.config.ReaperConfig.GitSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.NavigableSet;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.ConfigConstants;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.StoredConfig;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevObject;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;

/**
 * The git repository whose heads are the live branches. Listing is {@code ls-remote}; reachability needs the history,
 * so it is fetched into a throwaway bare repository. Any failure is a {@link GitFailure}: the reaper never guesses
 * which branches exist.
 */
public final class GitRemote {

    private static final int TIMEOUT_SECONDS = 60;

    private final GitSource source;

    public GitRemote(GitSource source) {
        this.source = source;
    }

    /** The remote's branches and tags; refuses when it cannot be reached or lists no branch at all. */
    public LiveRefs list() {
        Collection<Ref> refs;
        try {
            refs = Git.lsRemoteRepository()
                    .setRemote(source.uri())
                    .setHeads(true)
                    .setTags(true)
                    .setTimeout(TIMEOUT_SECONDS)
                    .setCredentialsProvider(credentials())
                    .call();
        } catch (GitAPIException | RuntimeException e) {
            throw new GitFailure(
                    "cannot list the branches of " + source.uri() + ": " + describe(e),
                    "check git.uri and git.username/git.password; nothing was deleted");
        }
        List<String> branches = new ArrayList<>();
        List<String> tags = new ArrayList<>();
        for (Ref ref : refs) {
            String name = ref.getName();
            if (name.startsWith(Constants.R_HEADS)) {
                branches.add(name.substring(Constants.R_HEADS.length()));
            } else if (name.startsWith(Constants.R_TAGS) && !name.endsWith("^{}")) {
                tags.add(name.substring(Constants.R_TAGS.length()));
            }
        }
        if (branches.isEmpty()) {
            throw new GitFailure(
                    source.uri() + " lists no branches at all: refusing to run, since every image"
                            + " would look abandoned",
                    "check git.uri; nothing was deleted");
        }
        branches.sort(null);
        tags.sort(null);
        return new LiveRefs(branches, tags);
    }

    /**
     * Every commit reachable from the remote's branches and tags, fetched into a temporary bare repository that is
     * deleted afterwards.
     */
    public ReachableCommits fetchReachable() {
        Path dir;
        try {
            dir = Files.createTempDirectory("reaper-git-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a directory to fetch " + source.uri() + " into", e);
        }
        try (Git git = Git.init().setBare(true).setDirectory(dir.toFile()).call()) {
            // no automatic gc after the fetch: it would run in the background while the directory is deleted
            StoredConfig settings = git.getRepository().getConfig();
            settings.setInt(ConfigConstants.CONFIG_GC_SECTION, null, ConfigConstants.CONFIG_KEY_AUTO, 0);
            settings.save();
            git.fetch()
                    .setRemote(source.uri())
                    .setTimeout(TIMEOUT_SECONDS)
                    .setCredentialsProvider(credentials())
                    .setRefSpecs(new RefSpec("+refs/heads/*:refs/heads/*"), new RefSpec("+refs/tags/*:refs/tags/*"))
                    .call();
            return new ReachableCommits(allCommits(git.getRepository()));
        } catch (GitAPIException | IOException | RuntimeException e) {
            throw new GitFailure(
                    "cannot fetch the history of " + source.uri() + ": " + describe(e),
                    "check git.uri, or set commit_tags.delete_unreachable: false; nothing was deleted");
        } finally {
            deleteTree(dir);
        }
    }

    private static NavigableSet<String> allCommits(Repository repository) throws IOException {
        NavigableSet<String> commits = new TreeSet<>();
        try (RevWalk walk = new RevWalk(repository)) {
            for (Ref ref : repository.getRefDatabase().getRefs()) {
                ObjectId id = ref.getObjectId();
                if (id == null) {
                    continue;
                }
                RevObject target = walk.peel(walk.parseAny(id));
                if (target instanceof RevCommit commit) {
                    walk.markStart(commit);
                }
            }
            for (RevCommit commit : walk) {
                commits.add(commit.name());
            }
        }
        return commits;
    }

    private CredentialsProvider credentials() {
        return source.username().isPresent()
                ? new UsernamePasswordCredentialsProvider(
                        source.username().get(),
                        source.password().map(s -> s.value()).orElse(""))
                : null;
    }

    /** JGit's message, without the credentials a URL might carry. */
    private String describe(Exception e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (e.getCause() != null
                && e.getCause().getMessage() != null
                && !message.contains(e.getCause().getMessage())) {
            message += ": " + e.getCause().getMessage();
        }
        return message.replaceAll("://[^/@\\s]+@", "://");
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException ignored) {
            // a temp directory left behind is not worth failing a run for
        }
    }
}
