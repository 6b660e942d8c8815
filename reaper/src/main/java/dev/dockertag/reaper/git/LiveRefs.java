package dev.dockertag.reaper.git;

import java.util.List;

/** What the remote has right now: its branches (names without {@code refs/heads/}) and its tags. */
public record LiveRefs(List<String> branches, List<String> tags) {

    public LiveRefs {
        branches = List.copyOf(branches);
        tags = List.copyOf(tags);
    }
}
