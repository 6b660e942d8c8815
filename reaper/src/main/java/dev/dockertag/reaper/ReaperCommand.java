package dev.dockertag.reaper;

import picocli.CommandLine.Command;

/** Deletes the images of vanished branches from the registry, never one a kept tag needs, then triggers GC. */
@Command(name = "reaper", mixinStandardHelpOptions = true, version = "reaper 0.1.0",
        description = "Deletes the images of vanished branches from the registry, never one a kept tag needs, then triggers GC.")
public class ReaperCommand implements Runnable {

    @Override
    public void run() {
        picocli.CommandLine.usage(this, System.err);
    }
}
