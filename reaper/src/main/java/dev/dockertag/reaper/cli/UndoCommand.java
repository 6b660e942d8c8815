package dev.dockertag.reaper.cli;

import dev.dockertag.reaper.apply.Journal;
import dev.dockertag.reaper.apply.Restorer;
import dev.dockertag.reaper.config.ReaperConfig;
import dev.dockertag.registry.RegistryClient;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
        name = "undo",
        mixinStandardHelpOptions = true,
        header = "Puts back what an apply removed, until GC has run.",
        description = {
            "Puts back what an apply removed: re-pushes the journal's manifests by digest, then its tags,"
                    + " and checks each tag. Works until GC has run (GC takes the blobs).",
            "The registry and its credentials come from --config."
        })
public class UndoCommand implements Callable<Integer> {

    @Mixin
    Session session;

    @Parameters(paramLabel = "JOURNAL", description = "The journal an apply wrote (reaper-journal-*.json).")
    Path journal;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Journal recorded = Journal.read(journal);
        ReaperConfig config = session.config();
        try (RegistryClient registry = session.registry(config, spec)) {
            var out = spec.commandLine().getOut();
            new Restorer(registry, session.deleters(config)).restore(recorded, line -> {
                out.println(line);
                out.flush();
            });
            return 0;
        }
    }
}
