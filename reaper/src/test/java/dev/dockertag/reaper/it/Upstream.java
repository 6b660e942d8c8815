package dev.dockertag.reaper.it;

import dev.dockertag.testsupport.Commands;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A real git remote (a bare repository) and a clone that commits and pushes to it, with the git CLI. */
final class Upstream {

    final Path remote;
    private final Path work;
    private int counter;

    Upstream(Path dir) {
        try {
            remote = dir.resolve("remote.git");
            work = Files.createDirectories(dir.resolve("work"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        git(dir, "init", "-q", "--bare", "-b", "master", remote.toString());
        git(work, "init", "-q", "-b", "master");
        git(work, "config", "user.email", "reaper@test");
        git(work, "config", "user.name", "reaper test");
        git(work, "remote", "add", "origin", remote.toString());
        git(work, "commit", "-q", "--allow-empty", "-m", "start");
        git(work, "push", "-q", "origin", "master");
    }

    /** Commits on {@code branch} (made from master when new) and pushes it; returns the full commit id. */
    String commit(String branch) {
        boolean exists = git(work, "branch", "--list", branch).strip().length() > 0;
        if (exists) {
            git(work, "checkout", "-q", branch);
        } else {
            git(work, "checkout", "-q", "-b", branch, "master");
        }
        try {
            Files.writeString(work.resolve("file.txt"), branch + " " + (++counter) + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        git(work, "add", "file.txt");
        git(work, "commit", "-q", "-m", branch + " " + counter);
        git(work, "push", "-q", "origin", branch);
        return git(work, "rev-parse", "HEAD").strip();
    }

    /** Merges {@code branch} into master (a merge commit) and pushes master. */
    void mergeIntoMaster(String branch) {
        git(work, "checkout", "-q", "master");
        git(work, "merge", "-q", "--no-ff", "-m", "merge " + branch, branch);
        git(work, "push", "-q", "origin", "master");
    }

    /** Deletes the branch on the remote (and locally), as a merged pull request does. */
    void deleteBranch(String branch) {
        git(work, "checkout", "-q", "master");
        git(work, "branch", "-q", "-D", branch);
        git(work, "push", "-q", "origin", "--delete", branch);
    }

    String uri() {
        return remote.toUri().toString();
    }

    static String git(Path dir, String... args) {
        List<String> command = new ArrayList<>(List.of("git"));
        command.addAll(List.of(args));
        Commands.Result result = Commands.run(command, dir, Map.of());
        result.requireSuccess(command);
        return result.stdout();
    }
}
