package dev.dockertag.resource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The resource image built by {@code bin/image}, run with podman the way a Concourse worker runs a resource type's
 * image: the script by its path, the request on stdin, the build directory mounted, the worker's certificates and proxy
 * settings passed in. The image is {@code -Dresource.image} (default {@code localhost/resource-docker-tag:jvm});
 * podman's flags are bin/lib.sh's.
 */
final class ResourceImage {

    static final String NAME = System.getProperty("resource.image", "localhost/resource-docker-tag:jvm");
    private static final String STORAGE = System.getenv().getOrDefault("DOCKERTAG_STORAGE_DRIVER", "overlay");

    private final List<String> options = new ArrayList<>();

    /** Mounts {@code host} at {@code container} (read-write, like Concourse's volumes). */
    ResourceImage mount(Path host, String container) {
        options.addAll(List.of("-v", host.toAbsolutePath() + ":" + container));
        return this;
    }

    ResourceImage env(String name, String value) {
        options.addAll(List.of("-e", name + "=" + value));
        return this;
    }

    /** Runs {@code command} in a fresh container of the image; stdin is {@code stdin}. */
    ResourceScripts.Run run(String stdin, String... command) {
        List<String> argv = new ArrayList<>(List.of(
                "podman",
                "--storage-driver",
                STORAGE,
                "--runtime",
                "runc",
                "--cgroup-manager",
                "cgroupfs",
                "run",
                "--rm",
                "-i",
                "--network",
                "host",
                "--ulimit",
                "nofile=1024:1024",
                "--ulimit",
                "nproc=4096:4096"));
        argv.addAll(options);
        argv.add(NAME);
        argv.addAll(List.of(command));
        return ResourceScripts.execute(argv, Map.of(), stdin);
    }

    ResourceScripts.Run run(Map<String, ?> request, String... command) {
        return run(ResourceScripts.json(request), command);
    }
}
