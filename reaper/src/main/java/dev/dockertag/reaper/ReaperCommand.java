package dev.dockertag.reaper;

import dev.dockertag.reaper.cli.ApplyCommand;
import dev.dockertag.reaper.cli.PlanCommand;
import dev.dockertag.reaper.cli.UndoCommand;
import picocli.CommandLine.Command;

/** Deletes the images of vanished branches from the registry, never one a kept tag needs, then triggers GC. */
@Command(
        name = "reaper",
        mixinStandardHelpOptions = true,
        version = "reaper 0.1.0",
        subcommands = {PlanCommand.class, ApplyCommand.class, UndoCommand.class},
        description = {
            "Deletes the images of vanished branches from the registry, never one a kept tag needs,"
                    + " then triggers registry GC.",
            "Start with `reaper plan`; `reaper apply` carries it out; `reaper undo JOURNAL` takes it back."
        })
public class ReaperCommand implements Runnable {

    @Override
    public void run() {
        picocli.CommandLine.usage(this, System.err);
    }
}
