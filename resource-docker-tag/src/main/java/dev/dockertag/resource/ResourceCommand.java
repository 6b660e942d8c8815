package dev.dockertag.resource;

import picocli.CommandLine.Command;

/** The Concourse resource type: check, in and out. */
@Command(name = "resource-docker-tag", mixinStandardHelpOptions = true, version = "resource-docker-tag 0.1.0",
        description = "The Concourse resource type: check, in and out.")
public class ResourceCommand implements Runnable {

    @Override
    public void run() {
        picocli.CommandLine.usage(this, System.err);
    }
}
