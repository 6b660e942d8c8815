package dev.dockertag.reaper.apply;

import java.nio.file.Path;
import java.util.List;

/** An apply the registry stopped part way: where every planned tag stands, and the journal that undoes it. */
public final class ApplyStopped extends ApplyFailure {

    private final transient List<TagStatus> tags;
    private final transient Path journal;

    ApplyStopped(String message, String hint, List<TagStatus> tags, Path journal) {
        super(message, hint);
        this.tags = List.copyOf(tags);
        this.journal = journal;
    }

    public List<TagStatus> tags() {
        return tags;
    }

    public Path journal() {
        return journal;
    }
}
