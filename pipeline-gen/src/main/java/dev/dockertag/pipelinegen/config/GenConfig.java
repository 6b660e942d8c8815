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
        Webhooks webhooks,
        Tracker tracker,
        int concourse,
        CheckEvery checkEvery) {

    /** The Concourse versions whose semantics the output can follow ({@code concourse:}). */
    public static final int CONCOURSE_8 = 8;

    public static final int CONCOURSE_7 = 7;

    /**
     * {@code webhooks:}: none; one webhook per git resource of every branch pipeline instance ({@code true} /
     * {@code per_branch}); or one on the tracker's branch list ({@code tracker}), with the branch pipelines' git
     * resources on a long {@code check_every}.
     */
    public enum Webhooks {
        NONE,
        PER_BRANCH,
        TRACKER
    }

    /** {@code check_every:} per resource kind; empty: Concourse's default (1m). */
    public record CheckEvery(Optional<String> git, Optional<String> images) {}

    /** Whether the branch pipelines are instances of one pipeline {@code <name>} (the default on Concourse 8). */
    public boolean instancedByDefault() {
        return concourse >= CONCOURSE_8;
    }

    /** {@code git:}: the repository the branch pipelines follow. */
    public record Git(String uri, Optional<String> privateKey, Optional<String> username, Optional<String> password) {}

    /** {@code registry:}: where images live ({@code <prefix>/<image name>}) and how to reach it. */
    public record Registry(
            String prefix,
            Optional<String> username,
            Optional<String> password,
            boolean insecure,
            List<String> caCerts) {

        public String repository(String image) {
            return prefix + "/" + image;
        }
    }

    /** {@code images[i]}: one image built from a context directory of the repository. */
    public record Image(
            String name,
            String context,
            String dockerfile,
            Map<String, String> buildArgs,
            List<String> platforms,
            List<String> from) {}

    /** {@code jobs[i]}: a job that runs a task file of the repository inside one of the images. */
    public record Job(
            String name,
            String image,
            String task,
            List<String> paths,
            Map<String, String> params,
            boolean privileged) {}

    /**
     * {@code tracker:}: the parent pipeline that sets one instanced pipeline per branch, listing branches with the git
     * resource's branches mode ({@code source: git}) or the community git-branches-resource.
     */
    public record Tracker(
            TrackerSource source,
            Optional<String> branchRegex,
            List<String> branchFilters,
            List<String> exclude,
            Optional<String> reaperConfig,
            String reapInterval,
            int maxInFlight) {}

    /** Where the tracker's branch list comes from. */
    public enum TrackerSource {
        /** The git resource with {@code version_type: branches} (Concourse 8's bundled resource). */
        GIT("git"),
        /** aoldershaw/git-branches-resource, for installations whose git resource has no branches mode. */
        GIT_BRANCHES_RESOURCE("git-branches-resource");

        private final String key;

        TrackerSource(String key) {
            this.key = key;
        }

        public String key() {
            return key;
        }
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
