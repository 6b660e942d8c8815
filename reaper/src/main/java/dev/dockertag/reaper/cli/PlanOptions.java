package dev.dockertag.reaper.cli;

import dev.dockertag.reaper.apply.Journal;
import dev.dockertag.reaper.config.ReaperConfig;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** What plan and apply share beyond the session: the journal (and first-seen) directory, and orphans. */
public class PlanOptions {

    @Option(
            names = "--journal-dir",
            paramLabel = "DIR",
            description = "Where journals and first-seen.json go (default: $XDG_STATE_HOME/dockertag-reaper, else"
                    + " ~/.local/state/dockertag-reaper, else $TMPDIR/dockertag-reaper); keep it: journals until GC"
                    + " has run, first-seen.json for min_age.")
    Path journalDir;

    @Option(
            names = "--delete-orphans",
            description = "Also delete referrer tags (signatures, attestations, SBOMs, fallback indexes) whose"
                    + " subject no longer exists; without it they are only reported.")
    boolean deleteOrphans;

    Path journalDirectory() {
        return journalDir != null ? journalDir : Journal.defaultDirectory(System.getenv());
    }

    ReaperConfig applyTo(ReaperConfig config) {
        return config.withPolicy(config.policy().withDeleteOrphans(deleteOrphans));
    }
}
