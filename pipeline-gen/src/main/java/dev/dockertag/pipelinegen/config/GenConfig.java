package dev.dockertag.pipelinegen.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A loaded {@code pipeline-gen.yml}: what a branch pipeline is made of. Paths inside it are relative to
 * {@link #repoRoot()}; credentials are {@code ((vars))}, never values.
 */
public record GenConfig(
        Path file,
        Path repoRoot,
        String name,
        Git git,
        String mainBranch,
        Registry registry,
        String resourceTypeImage,
        String buildTaskImage,
        String guardImage,
        List<Image> images,
        List<Job> jobs,
        boolean webhooks,
        Tracker tracker) {

    /** {@code git:}: the repository the branch pipelines follow. */
    public record Git(String uri, Optional<String> privateKey, Optional<String> username,
            Optional<String> password) {
    }

    /** {@code registry:}: where images live ({@code <prefix>/<image name>}) and how to reach it. */
    public record Registry(String prefix, Optional<String> username, Optional<String> password,
            boolean insecure, List<String> caCerts) {

        public String repository(String image) {
            return prefix + "/" + image;
        }
    }

    /** {@code images[i]}: one image built from a context directory of the repository. */
    public record Image(String name, String context, String dockerfile, Map<String, String> buildArgs,
            List<String> platforms, List<String> from) {
    }

    /** {@code jobs[i]}: a job that runs a task file of the repository inside one of the images. */
    public record Job(String name, String image, String task, List<String> paths, Map<String, String> params,
            boolean privileged) {
    }

    /** {@code tracker:}: the parent pipeline that sets one instanced pipeline per branch. */
    public record Tracker(Optional<String> branchRegex, Optional<String> reaperConfig, String reapInterval,
            int maxInFlight) {
    }

    /** The pipeline name for a branch's slug: {@code <name>-<slug>}. */
    public String pipelineName(String slug) {
        return name + "-" + slug;
    }

    /** The config file as given relative to the repository root (what generated files say they came from). */
    public String relativeFile() {
        return repoRoot.relativize(file).toString();
    }
}
