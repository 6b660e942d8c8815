package dev.dockertag.pipelinegen;

import picocli.CommandLine.Command;

/** Renders per-branch Concourse pipelines that build their own images inline, and wraps fly. */
@Command(name = "pipeline-gen", mixinStandardHelpOptions = true, version = "pipeline-gen 0.1.0",
        description = "Renders per-branch Concourse pipelines that build their own images inline, and wraps fly.")
public class PipelineGenCommand implements Runnable {

    @Override
    public void run() {
        picocli.CommandLine.usage(this, System.err);
    }
}
