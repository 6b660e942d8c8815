package dev.dockertag.reaper.apply;

import java.nio.file.Path;
import java.util.List;

/** What an apply did to each removed tag, and where its journal is. */
public record ApplyReport(Path journal, List<Outcome> outcomes, int keptTagsVerified) {

    public ApplyReport {
        outcomes = List.copyOf(outcomes);
    }

    public long count(Outcome.Result result) {
        return outcomes.stream().filter(o -> o.result() == result).count();
    }

    /** Everything planned was removed or skipped for a reason; nothing was left half-done. */
    public boolean complete() {
        return count(Outcome.Result.LEFT) == 0;
    }
}
